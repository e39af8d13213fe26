package dev.junction.core.store;

import dev.junction.core.access.ApiToken;
import dev.junction.core.access.Grant;
import dev.junction.core.access.Principal;
import dev.junction.core.access.Tenant;
import dev.junction.core.attachment.Attachment;
import dev.junction.core.audit.AuditEvent;
import dev.junction.core.catalogue.Partner;
import dev.junction.core.catalogue.PointOfPresence;
import dev.junction.core.catalogue.Port;
import dev.junction.core.catalogue.Router;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.network.AgentCredential;
import dev.junction.core.network.AgentInfo;
import dev.junction.core.network.FaultKind;
import dev.junction.core.network.NetworkEvent;
import dev.junction.core.network.NetworkFault;
import dev.junction.core.network.NetworkSubject;
import dev.junction.core.network.Observation;
import dev.junction.core.operation.Operation;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.core.ticket.Ticket;
import dev.junction.core.trunk.Trunk;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes the model inside one transaction. Inserts that break a uniqueness rule fail the
 * whole transaction with {@link UniqueViolation}; updates and deletes of a missing row, and placing
 * a trunk on a router or an attachment on a trunk that does not exist, are a programming error and
 * throw {@link IllegalStateException}.
 *
 * <p>Every trunk and attachment is placed on one router, and each router has a desired sequence
 * that the store advances, in the same transaction, whenever what the router should run changes: a
 * trunk or attachment inserted, updated to a new revision, or deleted. The subject takes the new
 * sequence, and a deleted subject leaves an entry in the router's change feed ({@link
 * ReadTx#networkChanges}); its observation is deleted with it. After the commit, the store tells
 * its {@link Store#onRouterChanged} listeners.
 */
public interface WriteTx extends ReadTx {

  /**
   * Holds the scope until the transaction ends, so that concurrent quota checks in one scope run
   * one after the other.
   */
  void lockScope(String scope);

  /**
   * Holds the trunk row until the transaction ends, so that concurrent quota and VLAN decisions on
   * one trunk run one after the other.
   */
  void lockTrunk(String trunkId);

  /**
   * Returns whether this transaction may try to take {@code subnet} from the CNI pool, and if so
   * holds it for this transaction until it ends: false while another transaction holds it, which
   * will either commit a CNI with it or let it go. Holding decides nothing (the subnet's uniqueness
   * rule does); it spares a create from waiting on a subnet another create is taking.
   */
  boolean holdCniSubnet(Ipv4Prefix subnet);

  // The catalogue, as the operator configures it.

  void upsertPointOfPresence(PointOfPresence pointOfPresence);

  void upsertPartner(Partner partner);

  void upsertRouter(Router router);

  void upsertPort(Port port);

  // Resources.

  /**
   * Inserts a trunk placed on router {@code routerId} and takes its ports ({@link UniqueKey#PORT},
   * {@link UniqueKey#TRUNK_NAME}).
   */
  void insertTrunk(Trunk trunk, String routerId);

  void updateTrunk(Trunk trunk);

  /** Deletes a trunk and frees its ports. */
  void deleteTrunk(String id);

  /**
   * Inserts an attachment ({@link UniqueKey#ATTACHMENT_NAME}, {@link UniqueKey#VLAN}, {@link
   * UniqueKey#CNI_ON_TRUNK}, {@link UniqueKey#CNI_SUBNET}). A {@link UniqueViolation} undoes only
   * this insert: the transaction goes on, so that the caller may try again with another subnet.
   */
  void insertAttachment(Attachment attachment);

  void updateAttachment(Attachment attachment);

  /**
   * Sets the status of attachment {@code id} and nothing else: what finishing a change writes once
   * the router runs it. Its router's feed does not move (the router runs the same revision), and
   * none of the attachment's indexes is rewritten, as saving the whole row would.
   */
  void setAttachmentStatus(String id, ResourceStatus status);

  void deleteAttachment(String id);

  void insertTicket(Ticket ticket);

  void updateTicket(Ticket ticket);

  // Operations and their leases.

  /**
   * Claims idempotency key {@code key} of {@code principal} for this transaction, before anything
   * else it writes ({@link UniqueKey#IDEMPOTENCY_KEY} if another transaction holds or committed
   * it). Where transactions run concurrently, a second claim of one key waits until the first
   * transaction ends, and fails only if it committed.
   */
  void claimIdempotencyKey(String principal, String key, Instant at);

  /** Inserts an operation, runnable at once ({@link UniqueKey#IDEMPOTENCY_KEY}). */
  void insertOperation(Operation operation);

  /**
   * Saves a changed operation that no worker needs to hold (for example a cancel request): what an
   * operation's life changes (its modification time, whether it is done, its error or response, and
   * the cancel request); the rest is fixed when it is inserted.
   */
  void updateOperation(Operation operation);

  /**
   * Claims up to {@code limit} operations that are not done, are due at {@code now} and whose lease
   * is free or expired: each is leased to {@code workerId} until {@code leaseUntil}.
   */
  List<Operation> claimOperations(String workerId, Instant now, Instant leaseUntil, int limit);

  /**
   * Claims operation {@code operationId} if it is not done, is due at {@code now} and its lease is
   * free or expired, and returns it as it is now, leased to {@code workerId} until {@code
   * leaseUntil}; empty, changing nothing, if it is not claimable. The database decides: of several
   * transactions claiming one operation, at most one gets it, and where transactions run
   * concurrently a claim does not wait for another that holds the row.
   */
  Optional<Operation> claimOperation(
      String operationId, String workerId, Instant now, Instant leaseUntil);

  /**
   * Returns operation {@code operationId} if {@code workerId} holds its lease now. The row is read
   * without being kept: a long step must not hold up the heartbeat that renews the lease, nor a
   * worker taking over an expired lease. What makes a step safe is its last write ({@link
   * #completeOperation}, {@link #releaseOperation} or {@link #retryOperation}), which changes the
   * row only if {@code workerId} still holds it, and otherwise fails the whole transaction.
   *
   * @throws LeaseLost if another worker holds it now, no worker does, or the operation is gone
   */
  Operation checkLease(String operationId, String workerId);

  /** Extends the lease of the given operations that {@code workerId} still holds. */
  void renewLeases(List<String> operationIds, String workerId, Instant leaseUntil);

  /**
   * Releases a held operation that is not done, to run again at {@code nextRunAt}; its step ended
   * without failing, so its count of failed attempts starts again from 0.
   *
   * @throws LeaseLost if {@code workerId} no longer holds it (the transaction must not commit)
   */
  void releaseOperation(String operationId, String workerId, Instant nextRunAt);

  /**
   * Releases a held operation whose step failed, recording that {@code attempts} steps in a row
   * have failed, to run again at {@code nextRunAt}.
   *
   * @throws LeaseLost if {@code workerId} no longer holds it
   */
  void retryOperation(String operationId, String workerId, int attempts, Instant nextRunAt);

  /**
   * Makes the unfinished operations of resource {@code resourceId} that wait for a later time due
   * at {@code now}: what they wait for (the network applying a change) has happened.
   */
  void makeDue(String resourceId, Instant now);

  /**
   * Saves a finished operation (what its life changes, as {@link #updateOperation} does) and
   * releases its lease.
   *
   * @throws LeaseLost if {@code workerId} no longer holds it (the transaction must not commit)
   */
  void completeOperation(Operation operation, String workerId);

  // Provider settings.

  void saveProviderSetting(String name, String value);

  // Scope settings.

  void saveDefaultAsn(String scope, dev.junction.core.net.Asn asn);

  // The network: what each router should run, who drives it, and what it reported.

  /**
   * Advances router {@code routerId}'s desired sequence without a trunk or attachment changing (its
   * header changed: faults, the catalogue), and returns the new sequence.
   */
  long touchRouter(String routerId);

  /**
   * Makes {@code owner} the owner of router {@code routerId} until {@code leaseUntil}, with a new
   * epoch, if the router has no owner, its owner's lease has expired at {@code now}, {@code owner}
   * holds it already, or {@code takeOver} is set; returns the new epoch, or empty if another owner
   * holds the router (or the router is not in the catalogue).
   */
  java.util.OptionalLong claimRouter(
      String routerId, String owner, Instant now, Instant leaseUntil, boolean takeOver);

  /**
   * Extends {@code owner}'s lease of router {@code routerId} to {@code leaseUntil} and returns
   * true, if it still holds the router at {@code epoch}; returns false otherwise.
   */
  boolean renewRouter(String routerId, String owner, long epoch, Instant leaseUntil);

  /** Lets router {@code routerId} go at {@code now}, if {@code owner} holds it at {@code epoch}. */
  void releaseRouter(String routerId, String owner, long epoch, Instant now);

  /**
   * Checks that {@code epoch} is router {@code routerId}'s current epoch and keeps the owner's row
   * until the transaction ends, so that no new owner takes over meanwhile.
   *
   * @throws LeaseLost if another owner has taken the router over, or its owner let it go
   */
  void checkRouterOwner(String routerId, long epoch);

  /**
   * Records that the owner of router {@code routerId} reported at {@code at}: it runs everything up
   * to desired sequence {@code appliedSeq} (the recorded sequence only moves forward) and the
   * header whose rendering has digest {@code headerHash}, with {@code agent}; its lease is extended
   * to {@code leaseUntil}. Entries of the change feed for deleted subjects up to {@code appliedSeq}
   * are dropped.
   */
  void routerHeard(
      String routerId,
      Instant at,
      long appliedSeq,
      String headerHash,
      AgentInfo agent,
      Instant leaseUntil);

  /**
   * Saves an observation reported by the owner at {@code epoch} in its report {@code reportSeq} and
   * returns true; returns false and changes nothing if the subject no longer exists, or if the
   * stored observation came from a later report (a later epoch, or a later report of the same
   * epoch).
   */
  default boolean saveObservation(Observation observation, long epoch, long reportSeq) {
    return networkSubject(observation.subjectId())
        .map(subject -> saveObservation(subject, observation, epoch, reportSeq))
        .orElse(false);
  }

  /**
   * As {@link #saveObservation(Observation, long, long)}, for a subject this transaction has read
   * with {@link #networkSubject}, which locked its row: the observation is saved without reading
   * the subject again.
   */
  boolean saveObservation(
      NetworkSubject subject, Observation observation, long epoch, long reportSeq);

  /** Appends an event to router's history, which keeps its latest 1,000 events. */
  void appendNetworkEvent(NetworkEvent event);

  /** Saves a fault, replacing one of the same router, kind and target. */
  void saveFault(NetworkFault fault);

  /** Removes a fault and returns whether it existed. */
  boolean deleteFault(String routerId, FaultKind kind, String target);

  /** Inserts an agent credential, stored with the digest of its secret. */
  void insertAgentCredential(AgentCredential credential, String digest);

  /** Marks agent credential {@code id} revoked at {@code at}, unless it already is. */
  void revokeAgentCredential(String id, Instant at);

  // Tenants, principals and their credentials.

  void insertTenant(Tenant tenant);

  /**
   * Inserts {@code tenant} unless a tenant with its id exists, and returns whether it did. The
   * database decides: a concurrent insert of the same id waits for this transaction to end.
   */
  boolean insertTenantIfAbsent(Tenant tenant);

  /** Gives {@code scope} to {@code tenantId} ({@link UniqueKey#SCOPE}). */
  void insertScope(String scope, String tenantId);

  /** Inserts a principal ({@link UniqueKey#PRINCIPAL_EMAIL}). */
  void insertPrincipal(Principal principal);

  /** Inserts {@code principal} unless its id or email is taken, and returns whether it did. */
  boolean insertPrincipalIfAbsent(Principal principal);

  /** Sets the digest of the global key of {@code principalId}, replacing any earlier one. */
  void saveGlobalKeyDigest(String principalId, String digest);

  /**
   * Sets the digest of the global key of {@code principalId} if it has none, and returns whether it
   * did; a concurrent change of the principal waits for this transaction to end.
   */
  boolean saveGlobalKeyDigestIfAbsent(String principalId, String digest);

  /** Adds a grant; adding one that exists changes nothing. */
  void insertGrant(Grant grant);

  /** Removes a grant and returns whether it existed. */
  boolean deleteGrant(Grant grant);

  /** Inserts a token, stored with the digest of its secret ({@link UniqueKey#ID}). */
  void insertToken(ApiToken token, String digest);

  /** Inserts a token unless its id or its digest is taken, and returns whether it did. */
  boolean insertTokenIfAbsent(ApiToken token, String digest);

  /** Marks token {@code id} revoked at {@code at}, unless it is already revoked. */
  void revokeToken(String id, Instant at);

  // The audit log.

  /** Appends an event; the log is never changed or shortened. */
  void appendAudit(AuditEvent event);
}
