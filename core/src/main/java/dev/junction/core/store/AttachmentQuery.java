package dev.junction.core.store;

import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.page.NameFilter;
import java.util.Optional;

/**
 * Selects attachments of one kind, in a scope or on a trunk (or both), narrowed by name.
 *
 * @param scope only attachments in this scope
 * @param trunkId only attachments on this trunk
 */
public record AttachmentQuery(
    AttachmentKind kind, Optional<String> scope, Optional<String> trunkId, NameFilter names) {
  public static AttachmentQuery inScope(AttachmentKind kind, String scope, NameFilter names) {
    return new AttachmentQuery(kind, Optional.of(scope), Optional.empty(), names);
  }

  public static AttachmentQuery onTrunk(AttachmentKind kind, String trunkId, NameFilter names) {
    return new AttachmentQuery(kind, Optional.empty(), Optional.of(trunkId), names);
  }
}
