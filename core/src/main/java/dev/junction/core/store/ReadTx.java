package dev.junction.core.store;

import dev.junction.core.access.ApiToken;
import dev.junction.core.access.Grant;
import dev.junction.core.access.Principal;
import dev.junction.core.access.Tenant;
import dev.junction.core.attachment.Attachment;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.audit.AuditEvent;
import dev.junction.core.audit.AuditQuery;
import dev.junction.core.catalogue.Partner;
import dev.junction.core.catalogue.PointOfPresence;
import dev.junction.core.catalogue.Port;
import dev.junction.core.catalogue.Router;
import dev.junction.core.network.AgentCredential;
import dev.junction.core.network.NetworkChange;
import dev.junction.core.network.NetworkEvent;
import dev.junction.core.network.NetworkFault;
import dev.junction.core.network.NetworkSubject;
import dev.junction.core.network.Observation;
import dev.junction.core.network.RouterStatus;
import dev.junction.core.operation.DueOperation;
import dev.junction.core.operation.Operation;
import dev.junction.core.page.NameFilter;
import dev.junction.core.page.Page;
import dev.junction.core.page.PageRequest;
import dev.junction.core.ticket.Ticket;
import dev.junction.core.trunk.Trunk;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the model inside a transaction. Lists are pages in a stable order: the order in which items
 * were first written (operations: newest first).
 */
public interface ReadTx {

  // The catalogue.

  Optional<PointOfPresence> pointOfPresence(String id);

  Page<PointOfPresence> pointsOfPresence(NameFilter names, PageRequest page);

  Optional<Partner> partner(String id);

  Page<Partner> partners(NameFilter names, PageRequest page);

  Optional<Router> router(String id);

  /** Returns every router, ordered by id. */
  List<Router> routers();

  Optional<Port> port(String id);

  /** Returns the ports at a point of presence, ordered by router and name. */
  List<Port> portsAt(String popId);

  /** Returns the ports no trunk holds at a point of presence, ordered by router and name. */
  List<Port> freePortsAt(String popId);

  /** Returns the id of the trunk that holds {@code portId}, if one does. */
  Optional<String> trunkHoldingPort(String portId);

  /** Returns a page of the catalogue's ports, in the order they were first configured. */
  Page<Port> ports(PortQuery query, PageRequest page);

  // Trunks.

  Optional<Trunk> trunk(String id);

  Page<Trunk> trunks(TrunkQuery query, PageRequest page);

  /** Returns how many trunks a scope has, in any status. */
  int countTrunks(String scope);

  /** Returns the trunks placed on router {@code routerId}, in any status, ordered by id. */
  List<Trunk> trunksOnRouter(String routerId);

  /** Returns the trunks with the given ids that exist, in any order. */
  List<Trunk> trunks(Collection<String> ids);

  // Attachments.

  Optional<Attachment> attachment(String id);

  Page<Attachment> attachments(AttachmentQuery query, PageRequest page);

  /** Returns how many attachments of {@code kind} a trunk carries, in any status. */
  int countAttachments(String trunkId, AttachmentKind kind);

  /** Returns how many attachments of any kind a trunk carries, in any status. */
  int countAttachments(String trunkId);

  /** Returns every attachment on the given trunks, in any status. */
  List<Attachment> attachmentsOnTrunks(Collection<String> trunkIds);

  /** Returns the attachments with the given ids that exist, in any order. */
  List<Attachment> attachments(Collection<String> ids);

  /**
   * Returns up to {@code limit} attachments on router {@code routerId} (through their trunk), in
   * any status, ordered by id, starting after {@code afterId}.
   */
  List<Attachment> attachmentsOnRouter(String routerId, Optional<String> afterId, int limit);

  /** Returns the VLANs the attachments on {@code trunkId} use. */
  Set<Integer> usedVlans(String trunkId);

  /** Returns the point-to-point subnets every CNI holds. */
  Set<dev.junction.core.net.Ipv4Prefix> usedCniSubnets();

  // Provider settings.

  /** Returns the provider setting {@code name}, if the operator set it. */
  Optional<String> providerSetting(String name);

  // Scope settings.

  /** Returns the default ASN {@code scope} has chosen, if it has. */
  Optional<dev.junction.core.net.Asn> defaultAsn(String scope);

  // Tickets.

  Optional<Ticket> ticket(String id);

  /** Returns the tickets of {@code scope} whose spec's name {@code names} selects. */
  Page<Ticket> tickets(String scope, NameFilter names, PageRequest page);

  // Operations.

  Optional<Operation> operation(String id);

  /** Returns the operations of one resource, newest first. */
  Page<Operation> operationsOf(String resourceId, PageRequest page);

  Optional<Operation> operationByIdempotencyKey(String principal, String key);

  /** Returns how many operations are not done. */
  int countUnfinishedOperations();

  /** Returns the operations that are not done, oldest first. */
  List<Operation> unfinishedOperations(int limit);

  /**
   * Returns up to {@code limit} operations that ended with an error, newest first: in {@code
   * scopes} if given, else in any scope.
   */
  List<Operation> failedOperations(Optional<Set<String>> scopes, int limit);

  /**
   * Returns how many steps of operation {@code id} have failed in a row (0 if none, or if there is
   * no such operation).
   */
  int operationAttempts(String id);

  /**
   * Returns the earliest time at which an unfinished operation can be claimed: when it is due and
   * its lease, if it has one, has expired. Empty if every operation is done.
   */
  Optional<Instant> nextOperationDue();

  /**
   * Returns up to {@code limit} operations that are due at {@code now} and free to claim, in the
   * order a claim takes them (the scopes take turns). Only a hint: nothing is claimed, and a worker
   * that reads nothing due writes nothing.
   */
  List<DueOperation> dueOperations(Instant now, int limit);

  // The network: what each router should run, who drives it, and what it reported.

  Optional<Observation> observation(String subjectId);

  /** Returns the observations of the given subjects that exist, in any order. */
  List<Observation> observations(Collection<String> subjectIds);

  /**
   * Counts the attachments' BGP sessions by the router they are placed on and the state the router
   * last reported for them (as reported, such as {@code Established}); attachments with no session
   * reported are not counted. The database keeps the counts as observations change, so this reads a
   * few rows per router whatever the number of attachments.
   */
  Map<String, Map<String, Integer>> sessionCounts();

  /** Returns the router a trunk or attachment is placed on, if the subject exists. */
  Optional<String> routerOf(String subjectId);

  /**
   * Returns the trunk or attachment {@code subjectId} as a router's report needs it, if it exists.
   * In a write transaction its row is locked until the transaction ends, as a read of the whole
   * trunk or attachment there is: a change or delete of it waits.
   */
  Optional<NetworkSubject> networkSubject(String subjectId);

  /**
   * Returns up to {@code limit} entries of router {@code routerId}'s change feed with a sequence
   * above {@code since}, in sequence order: the trunks and attachments whose desired state changed
   * (each once, at its latest change) and the subjects deleted since.
   */
  List<NetworkChange> networkChanges(String routerId, long since, int limit);

  /** Returns what the store knows of router {@code routerId}'s network side. */
  Optional<RouterStatus> routerStatus(String routerId);

  /** Returns the network side of every router, ordered by router id. */
  List<RouterStatus> routerStatuses();

  /** Returns the faults injected into router {@code routerId}, ordered by kind and target. */
  List<NetworkFault> faults(String routerId);

  /** Returns every injected fault, ordered by router, kind and target. */
  List<NetworkFault> faults();

  /** Returns up to {@code limit} of router {@code routerId}'s events, newest first. */
  List<NetworkEvent> networkEvents(String routerId, int limit);

  Optional<AgentCredential> agentCredential(String id);

  /** Returns the agent credential whose secret has the digest {@code digest}, revoked or not. */
  Optional<AgentCredential> agentCredentialByDigest(String digest);

  /** Returns the agent credentials of one router, or of all, ordered by creation. */
  List<AgentCredential> agentCredentials(Optional<String> routerId);

  // Tenants, principals and their credentials.

  Optional<Tenant> tenant(String id);

  /** Returns every tenant, ordered by creation. */
  List<Tenant> tenants();

  /** Returns the tenant that owns {@code scope}, if one does. */
  Optional<String> scopeOwner(String scope);

  /** Returns the scopes {@code tenantId} owns, ordered by name. */
  List<String> scopesOf(String tenantId);

  Optional<Principal> principal(String id);

  Optional<Principal> principalByEmail(String email);

  /** Returns the principals of one tenant, or of all, ordered by creation. */
  List<Principal> principals(Optional<String> tenantId);

  /** Returns the digest of the global key of {@code principalId}, if it has one. */
  Optional<String> globalKeyDigest(String principalId);

  /** Returns the grants of {@code principalId}, ordered by scope and role. */
  List<Grant> grantsOf(String principalId);

  Optional<ApiToken> token(String id);

  /** Returns the token whose secret has the digest {@code digest}, revoked or not. */
  Optional<ApiToken> tokenByDigest(String digest);

  /** Returns the tokens of one principal, or of all, ordered by creation. */
  List<ApiToken> tokens(Optional<String> principalId);

  // The audit log.

  /** Returns the audit events {@code query} selects, newest first. */
  Page<AuditEvent> auditEvents(AuditQuery query, PageRequest page);
}
