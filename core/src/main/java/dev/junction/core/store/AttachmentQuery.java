package dev.junction.core.store;

import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.page.NameFilter;
import java.util.Optional;
import java.util.Set;

/**
 * Selects attachments of one kind, in a scope or on a trunk (or both), narrowed by name, by the
 * port their trunk holds, or by id.
 *
 * @param scope only attachments in this scope
 * @param trunkId only attachments on this trunk
 * @param portId only attachments on the trunk that holds this port
 * @param id only the attachment with this id
 * @param scopes only attachments in these scopes (what the caller may read); empty means any
 */
public record AttachmentQuery(
    AttachmentKind kind,
    Optional<String> scope,
    Optional<String> trunkId,
    NameFilter names,
    Optional<String> portId,
    Optional<String> id,
    Optional<Set<String>> scopes) {
  public AttachmentQuery {
    scopes = scopes.map(Set::copyOf);
  }

  /** Returns this query, narrowed to {@code readable} scopes if given. */
  public AttachmentQuery within(Optional<Set<String>> readable) {
    return readable.isEmpty()
        ? this
        : new AttachmentQuery(kind, scope, trunkId, names, portId, id, readable);
  }

  public static AttachmentQuery inScope(AttachmentKind kind, String scope, NameFilter names) {
    return new AttachmentQuery(
        kind,
        Optional.of(scope),
        Optional.empty(),
        names,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  public static AttachmentQuery onTrunk(AttachmentKind kind, String trunkId, NameFilter names) {
    return new AttachmentQuery(
        kind,
        Optional.empty(),
        Optional.of(trunkId),
        names,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
