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
import dev.junction.core.network.Observation;
import dev.junction.core.operation.Operation;
import dev.junction.core.ticket.Ticket;
import dev.junction.core.trunk.Trunk;
import java.time.Instant;
import java.util.List;

/**
 * Reads and writes the model inside one transaction. Inserts that break a uniqueness rule fail the
 * whole transaction with {@link UniqueViolation}; updates and deletes of a missing row are a
 * programming error and throw {@link IllegalStateException}.
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

  // The catalogue, as the operator configures it.

  void upsertPointOfPresence(PointOfPresence pointOfPresence);

  void upsertPartner(Partner partner);

  void upsertRouter(Router router);

  void upsertPort(Port port);

  // Resources.

  /** Inserts a trunk and takes its ports ({@link UniqueKey#PORT}, {@link UniqueKey#TRUNK_NAME}). */
  void insertTrunk(Trunk trunk);

  void updateTrunk(Trunk trunk);

  /** Deletes a trunk and frees its ports. */
  void deleteTrunk(String id);

  /** Inserts an attachment ({@link UniqueKey#ATTACHMENT_NAME}, {@link UniqueKey#VLAN}). */
  void insertAttachment(Attachment attachment);

  void updateAttachment(Attachment attachment);

  void deleteAttachment(String id);

  void insertTicket(Ticket ticket);

  void updateTicket(Ticket ticket);

  // Operations and their leases.

  /** Inserts an operation, runnable at once ({@link UniqueKey#IDEMPOTENCY_KEY}). */
  void insertOperation(Operation operation);

  /** Saves a changed operation that no worker needs to hold (for example a cancel request). */
  void updateOperation(Operation operation);

  /**
   * Claims up to {@code limit} operations that are not done, are due at {@code now} and whose lease
   * is free or expired: each is leased to {@code workerId} until {@code leaseUntil}.
   */
  List<Operation> claimOperations(String workerId, Instant now, Instant leaseUntil, int limit);

  /**
   * Checks that {@code workerId} still holds the lease of {@code operationId} and keeps the row
   * until the transaction ends.
   *
   * @throws LeaseLost if another worker holds it now or the operation is gone
   */
  void checkLease(String operationId, String workerId);

  /** Extends the lease of the given operations that {@code workerId} still holds. */
  void renewLeases(List<String> operationIds, String workerId, Instant leaseUntil);

  /** Releases a held operation that is not done, to run again at {@code nextRunAt}. */
  void releaseOperation(String operationId, String workerId, Instant nextRunAt);

  /** Saves a finished operation and releases its lease. */
  void completeOperation(Operation operation, String workerId);

  // Provider settings.

  void saveProviderSetting(String name, String value);

  // Scope settings.

  void saveDefaultAsn(String scope, dev.junction.core.net.Asn asn);

  // What the network reported.

  void saveObservation(Observation observation);

  // Tenants, principals and their credentials.

  void insertTenant(Tenant tenant);

  /** Gives {@code scope} to {@code tenantId} ({@link UniqueKey#SCOPE}). */
  void insertScope(String scope, String tenantId);

  /** Inserts a principal ({@link UniqueKey#PRINCIPAL_EMAIL}). */
  void insertPrincipal(Principal principal);

  /** Sets the digest of the global key of {@code principalId}, replacing any earlier one. */
  void saveGlobalKeyDigest(String principalId, String digest);

  /** Adds a grant; adding one that exists changes nothing. */
  void insertGrant(Grant grant);

  /** Removes a grant and returns whether it existed. */
  boolean deleteGrant(Grant grant);

  /** Inserts a token, stored with the digest of its secret ({@link UniqueKey#ID}). */
  void insertToken(ApiToken token, String digest);

  /** Marks token {@code id} revoked at {@code at}, unless it is already revoked. */
  void revokeToken(String id, Instant at);

  // The audit log.

  /** Appends an event; the log is never changed or shortened. */
  void appendAudit(AuditEvent event);
}
