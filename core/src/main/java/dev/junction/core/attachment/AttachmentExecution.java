package dev.junction.core.attachment;

import static java.util.Objects.requireNonNull;

import dev.junction.core.network.Progress;
import dev.junction.core.operation.Execution;
import dev.junction.core.operation.Operation;
import dev.junction.core.operation.ResourceState;
import dev.junction.core.operation.ResourceType;
import dev.junction.core.operation.Step;
import dev.junction.core.problem.Problem;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.core.store.WriteTx;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Carries out operations on attachments of one kind: a change is done once the router reports it
 * has applied the attachment's new revision, and undone if the router refuses it.
 */
public final class AttachmentExecution implements Execution {
  private final AttachmentKind kind;
  private final Duration pollInterval;

  public AttachmentExecution(AttachmentKind kind, Duration pollInterval) {
    this.kind = requireNonNull(kind, "kind");
    this.pollInterval = requireNonNull(pollInterval, "pollInterval");
  }

  @Override
  public ResourceType resourceType() {
    return Attachments.resourceType(kind);
  }

  /** Its steps read the router's progress from the store and change only the store. */
  @Override
  public boolean stepsInStore() {
    return true;
  }

  @Override
  public Step step(WriteTx tx, Operation operation, Instant now) {
    Optional<Attachment> found = tx.attachment(operation.resourceId());
    if (found.isEmpty()) {
      return new Step.Finished(
          operation.failed(
              new Problem.FailedPrecondition(
                  Attachments.noun(kind) + " " + operation.resourceId() + " no longer exists"),
              now));
    }
    Attachment attachment = found.get();
    if (operation.targetRevision() == 0) {
      return new Step.Finished(
          operation.succeeded(new ResourceState.OfAttachment(attachment), now));
    }
    return switch (Progress.of(tx, attachment.id(), operation.targetRevision())) {
      case Progress.Pending pending -> new Step.Wait(pollInterval);
      case Progress.Refused refused ->
          rollBack(
              tx,
              operation,
              new Problem.Unavailable("the router refused the change: " + refused.reason()),
              now);
      case Progress.Applied applied -> finish(tx, operation, attachment, now);
    };
  }

  private static Step finish(WriteTx tx, Operation operation, Attachment attachment, Instant now) {
    return switch (operation.verb()) {
      case DELETE -> {
        tx.deleteAttachment(attachment.id());
        yield new Step.Finished(operation.succeeded(ResourceState.NOTHING, now));
      }
      case UPSERT_STATIC_ROUTES, REMOVE_STATIC_ROUTES -> {
        tx.setAttachmentStatus(attachment.id(), ResourceStatus.ACTIVE);
        yield new Step.Finished(operation.succeeded(ResourceState.NOTHING, now));
      }
      default -> {
        Attachment active = attachment.withStatus(ResourceStatus.ACTIVE);
        tx.setAttachmentStatus(active.id(), active.status());
        yield new Step.Finished(operation.succeeded(new ResourceState.OfAttachment(active), now));
      }
    };
  }

  @Override
  public Step rollBack(WriteTx tx, Operation operation, Problem problem, Instant now) {
    Optional<Attachment> found = tx.attachment(operation.resourceId());
    if (operation.targetRevision() == 0 || found.isEmpty()) {
      // A move has no step to skip: it is already written and finishes as it would have.
      return step(tx, operation, now);
    }
    Attachment current = found.get();
    switch (operation.previous()) {
      case ResourceState.OfAttachment(Attachment previous) ->
          tx.updateAttachment(
              new Attachment(
                  previous.id(),
                  previous.kind(),
                  current.scope(),
                  previous.name(),
                  previous.description(),
                  previous.labels(),
                  previous.trunkId(),
                  previous.vlan(),
                  previous.peering(),
                  previous.staticRoutes(),
                  previous.publicAccess(),
                  previous.routing(),
                  ResourceStatus.ACTIVE,
                  previous.createdAt(),
                  current.revision() + 1));
      default -> tx.deleteAttachment(current.id());
    }
    return new Step.Finished(operation.failed(problem, now));
  }
}
