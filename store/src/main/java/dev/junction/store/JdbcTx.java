package dev.junction.store;

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
import dev.junction.core.net.Asn;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.network.AgentCredential;
import dev.junction.core.network.AgentInfo;
import dev.junction.core.network.FaultKind;
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
import dev.junction.core.resource.ResourceStatus;
import dev.junction.core.store.AttachmentQuery;
import dev.junction.core.store.PortQuery;
import dev.junction.core.store.TrunkQuery;
import dev.junction.core.store.WriteTx;
import dev.junction.core.ticket.Ticket;
import dev.junction.core.trunk.Trunk;
import java.sql.Connection;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One transaction on one connection. Each feature's statements live in its own class ({@link
 * CatalogueRows}, {@link TrunkRows}, {@link AttachmentRows}, ...) over the shared {@link
 * Statements}; this class only hands each call to the right one. Single-row reads inside a write
 * transaction lock the row (PostgreSQL), so that a read followed by a change is never interleaved
 * with another transaction's change of the same row.
 */
final class JdbcTx implements WriteTx {
  private final CatalogueRows catalogue;
  private final TrunkRows trunks;
  private final AttachmentRows attachments;
  private final TicketRows tickets;
  private final OperationRows operations;
  private final DesiredSequences sequences;
  private final RouterOwners owners;
  private final ObservationRows observations;
  private final NetworkEventRows events;
  private final FaultRows faults;
  private final AgentCredentialRows agentCredentials;
  private final IdentityRows identities;
  private final AuditRows audit;
  private final SettingRows settings;
  private final Statements sql;
  private boolean operationsDue;

  JdbcTx(
      Connection connection,
      Dialect dialect,
      boolean writable,
      SecretCipher cipher,
      int maxPageSize) {
    Statements sql = new Statements(connection, dialect, writable, maxPageSize);
    this.sql = sql;
    this.catalogue = new CatalogueRows(sql);
    this.sequences = new DesiredSequences(sql);
    this.trunks = new TrunkRows(sql, sequences);
    this.attachments = new AttachmentRows(sql, cipher, sequences, trunks);
    this.tickets = new TicketRows(sql);
    this.operations = new OperationRows(sql, cipher);
    this.owners = new RouterOwners(sql);
    this.observations = new ObservationRows(sql);
    this.events = new NetworkEventRows(sql);
    this.faults = new FaultRows(sql);
    this.agentCredentials = new AgentCredentialRows(sql);
    this.identities = new IdentityRows(sql);
    this.audit = new AuditRows(sql);
    this.settings = new SettingRows(sql);
  }

  /**
   * Seals again, with the current key, every stored secret sealed with another key (or not sealed),
   * and returns how many rows changed.
   */
  int rewrapSecrets() {
    return attachments.rewrapKeys() + operations.rewrapKeys();
  }

  /** Runs the smallest statement there is: the database answers, or this throws. */
  void ping() {
    sql.queryOne("SELECT 1", s -> {}, row -> row.getInt(1));
  }

  /**
   * Returns whether this transaction inserted an unfinished operation, made one due or finished
   * one.
   */
  boolean operationsDue() {
    return operationsDue;
  }

  /** Returns the routers whose desired sequence this transaction advanced. */
  Set<String> changedRouters() {
    return sequences.advanced();
  }

  @Override
  public void lockScope(String scope) {
    identities.lockScope(scope);
  }

  @Override
  public void lockTrunk(String trunkId) {
    trunks.lockTrunk(trunkId);
  }

  @Override
  public boolean holdCniSubnet(Ipv4Prefix subnet) {
    return attachments.holdCniSubnet(subnet);
  }

  // The catalogue.

  @Override
  public Optional<PointOfPresence> pointOfPresence(String id) {
    return catalogue.pointOfPresence(id);
  }

  @Override
  public Page<PointOfPresence> pointsOfPresence(NameFilter names, PageRequest page) {
    return catalogue.pointsOfPresence(names, page);
  }

  @Override
  public Optional<Partner> partner(String id) {
    return catalogue.partner(id);
  }

  @Override
  public Page<Partner> partners(NameFilter names, PageRequest page) {
    return catalogue.partners(names, page);
  }

  @Override
  public Optional<Router> router(String id) {
    return catalogue.router(id);
  }

  @Override
  public List<Router> routers() {
    return catalogue.routers();
  }

  @Override
  public Optional<Port> port(String id) {
    return catalogue.port(id);
  }

  @Override
  public List<Port> portsAt(String popId) {
    return catalogue.portsAt(popId);
  }

  @Override
  public List<Port> freePortsAt(String popId) {
    return catalogue.freePortsAt(popId);
  }

  @Override
  public Optional<String> trunkHoldingPort(String portId) {
    return catalogue.trunkHoldingPort(portId);
  }

  @Override
  public Page<Port> ports(PortQuery query, PageRequest page) {
    return catalogue.ports(query, page);
  }

  @Override
  public void upsertPointOfPresence(PointOfPresence pointOfPresence) {
    catalogue.upsertPointOfPresence(pointOfPresence);
  }

  @Override
  public void upsertPartner(Partner partner) {
    catalogue.upsertPartner(partner);
  }

  /** Upserts {@code router} and gives it a desired sequence and an ownership row if it has none. */
  @Override
  public void upsertRouter(Router router) {
    catalogue.upsertRouter(router);
    sequences.createIfAbsent(router.id());
    owners.createIfAbsent(router.id());
  }

  @Override
  public void upsertPort(Port port) {
    catalogue.upsertPort(port);
  }

  // Trunks.

  @Override
  public Optional<Trunk> trunk(String id) {
    return trunks.trunk(id);
  }

  @Override
  public Page<Trunk> trunks(TrunkQuery query, PageRequest page) {
    return trunks.trunks(query, page);
  }

  @Override
  public int countTrunks(String scope) {
    return trunks.countTrunks(scope);
  }

  @Override
  public List<Trunk> trunksOnRouter(String routerId) {
    return trunks.trunksOnRouter(routerId);
  }

  @Override
  public void insertTrunk(Trunk trunk, String routerId) {
    trunks.insertTrunk(trunk, routerId);
  }

  @Override
  public void updateTrunk(Trunk trunk) {
    trunks.updateTrunk(trunk);
  }

  @Override
  public void deleteTrunk(String id) {
    trunks.deleteTrunk(id);
  }

  // Attachments.

  @Override
  public Optional<Attachment> attachment(String id) {
    return attachments.attachment(id);
  }

  @Override
  public Page<Attachment> attachments(AttachmentQuery query, PageRequest page) {
    return attachments.attachments(query, page);
  }

  @Override
  public int countAttachments(String trunkId, AttachmentKind kind) {
    return attachments.countAttachments(trunkId, kind);
  }

  @Override
  public int countAttachments(String trunkId) {
    return attachments.countAttachments(trunkId);
  }

  @Override
  public List<Attachment> attachmentsOnTrunks(Collection<String> trunkIds) {
    return attachments.attachmentsOnTrunks(trunkIds);
  }

  @Override
  public Set<Integer> usedVlans(String trunkId) {
    return attachments.usedVlans(trunkId);
  }

  @Override
  public Set<Ipv4Prefix> usedCniSubnets() {
    return attachments.usedCniSubnets();
  }

  @Override
  public void insertAttachment(Attachment attachment) {
    attachments.insertAttachment(attachment);
  }

  @Override
  public void updateAttachment(Attachment attachment) {
    attachments.updateAttachment(attachment);
  }

  @Override
  public void setAttachmentStatus(String id, ResourceStatus status) {
    attachments.setStatus(id, status);
  }

  @Override
  public void deleteAttachment(String id) {
    attachments.deleteAttachment(id);
  }

  // Settings.

  @Override
  public Optional<String> providerSetting(String name) {
    return settings.providerSetting(name);
  }

  @Override
  public void saveProviderSetting(String name, String value) {
    settings.saveProviderSetting(name, value);
  }

  @Override
  public Optional<Asn> defaultAsn(String scope) {
    return settings.defaultAsn(scope);
  }

  @Override
  public void saveDefaultAsn(String scope, Asn asn) {
    settings.saveDefaultAsn(scope, asn);
  }

  // Tickets.

  @Override
  public Optional<Ticket> ticket(String id) {
    return tickets.ticket(id);
  }

  @Override
  public Page<Ticket> tickets(String scope, NameFilter names, PageRequest page) {
    return tickets.tickets(scope, names, page);
  }

  @Override
  public void insertTicket(Ticket ticket) {
    tickets.insertTicket(ticket);
  }

  @Override
  public void updateTicket(Ticket ticket) {
    tickets.updateTicket(ticket);
  }

  // Operations.

  @Override
  public Optional<Operation> operation(String id) {
    return operations.operation(id);
  }

  @Override
  public Page<Operation> operationsOf(String resourceId, PageRequest page) {
    return operations.operationsOf(resourceId, page);
  }

  @Override
  public Optional<Operation> operationByIdempotencyKey(String principal, String key) {
    return operations.operationByIdempotencyKey(principal, key);
  }

  @Override
  public List<Operation> unfinishedOperations(int limit) {
    return operations.unfinishedOperations(limit);
  }

  @Override
  public List<Operation> failedOperations(Optional<Set<String>> scopes, int limit) {
    return operations.failedOperations(scopes, limit);
  }

  @Override
  public void claimIdempotencyKey(String principal, String key, Instant at) {
    operations.claimIdempotencyKey(principal, key, at);
  }

  @Override
  public int operationAttempts(String id) {
    return operations.attempts(id);
  }

  @Override
  public Optional<Instant> nextOperationDue() {
    return operations.nextDue();
  }

  @Override
  public List<DueOperation> dueOperations(Instant now, int limit) {
    return operations.due(now, limit);
  }

  @Override
  public int countUnfinishedOperations() {
    return operations.countUnfinished();
  }

  @Override
  public void insertOperation(Operation operation) {
    operations.insertOperation(operation);
    operationsDue |= !operation.done();
  }

  @Override
  public void updateOperation(Operation operation) {
    operations.updateOperation(operation);
  }

  @Override
  public List<Operation> claimOperations(
      String workerId, Instant now, Instant leaseUntil, int limit) {
    return operations.claimOperations(workerId, now, leaseUntil, limit);
  }

  @Override
  public Optional<Operation> claimOperation(
      String operationId, String workerId, Instant now, Instant leaseUntil) {
    return operations.claimOperation(operationId, workerId, now, leaseUntil);
  }

  @Override
  public Operation checkLease(String operationId, String workerId) {
    return operations.checkLease(operationId, workerId);
  }

  @Override
  public void renewLeases(List<String> operationIds, String workerId, Instant leaseUntil) {
    operations.renewLeases(operationIds, workerId, leaseUntil);
  }

  @Override
  public void releaseOperation(String operationId, String workerId, Instant nextRunAt) {
    operations.releaseOperation(operationId, workerId, nextRunAt);
  }

  @Override
  public void retryOperation(String operationId, String workerId, int attempts, Instant nextRunAt) {
    operations.retryOperation(operationId, workerId, attempts, nextRunAt);
  }

  @Override
  public void makeDue(String resourceId, Instant now) {
    operationsDue |= operations.makeDue(resourceId, now) > 0;
  }

  @Override
  public void completeOperation(Operation operation, String workerId) {
    operations.completeOperation(operation, workerId);
    // Announced like a due operation, so that requests waiting on it in any replica look again.
    operationsDue = true;
  }

  // The network.

  @Override
  public List<Trunk> trunks(Collection<String> ids) {
    return trunks.trunks(ids);
  }

  @Override
  public List<Attachment> attachments(Collection<String> ids) {
    return attachments.attachments(ids);
  }

  @Override
  public List<Attachment> attachmentsOnRouter(
      String routerId, Optional<String> afterId, int limit) {
    return attachments.attachmentsOnRouter(routerId, afterId, limit);
  }

  @Override
  public Optional<Observation> observation(String subjectId) {
    return observations.observation(subjectId);
  }

  @Override
  public List<Observation> observations(Collection<String> subjectIds) {
    return observations.observations(subjectIds);
  }

  @Override
  public Map<String, Map<String, Integer>> sessionCounts() {
    return observations.sessionCounts();
  }

  @Override
  public Optional<String> routerOf(String subjectId) {
    return attachments
        .placement(subjectId)
        .or(() -> trunks.placement(subjectId))
        .flatMap(router -> router);
  }

  @Override
  public List<NetworkChange> networkChanges(String routerId, long since, int limit) {
    return sequences.changes(routerId, since, limit);
  }

  @Override
  public Optional<RouterStatus> routerStatus(String routerId) {
    return owners.status(routerId);
  }

  @Override
  public List<RouterStatus> routerStatuses() {
    return owners.statuses();
  }

  @Override
  public List<NetworkFault> faults(String routerId) {
    return faults.faults(routerId);
  }

  @Override
  public List<NetworkFault> faults() {
    return faults.faults();
  }

  @Override
  public List<NetworkEvent> networkEvents(String routerId, int limit) {
    return events.events(routerId, limit);
  }

  @Override
  public Optional<AgentCredential> agentCredential(String id) {
    return agentCredentials.credential(id);
  }

  @Override
  public Optional<AgentCredential> agentCredentialByDigest(String digest) {
    return agentCredentials.credentialByDigest(digest);
  }

  @Override
  public List<AgentCredential> agentCredentials(Optional<String> routerId) {
    return agentCredentials.credentials(routerId);
  }

  @Override
  public long touchRouter(String routerId) {
    return sequences.advance(routerId);
  }

  @Override
  public OptionalLong claimRouter(
      String routerId, String owner, Instant now, Instant leaseUntil, boolean takeOver) {
    return owners.claim(routerId, owner, now, leaseUntil, takeOver);
  }

  @Override
  public boolean renewRouter(String routerId, String owner, long epoch, Instant leaseUntil) {
    return owners.renew(routerId, owner, epoch, leaseUntil);
  }

  @Override
  public void releaseRouter(String routerId, String owner, long epoch, Instant now) {
    owners.release(routerId, owner, epoch, now);
  }

  @Override
  public void checkRouterOwner(String routerId, long epoch) {
    owners.check(routerId, epoch);
  }

  @Override
  public void routerHeard(
      String routerId,
      Instant at,
      long appliedSeq,
      String headerHash,
      AgentInfo agent,
      Instant leaseUntil) {
    owners.heard(routerId, at, appliedSeq, headerHash, agent, leaseUntil);
    sequences.prune(routerId, appliedSeq);
  }

  @Override
  public Optional<NetworkSubject> networkSubject(String subjectId) {
    return observations.subject(subjectId);
  }

  @Override
  public boolean saveObservation(
      NetworkSubject subject, Observation observation, long epoch, long reportSeq) {
    return observations.save(subject, observation, epoch, reportSeq);
  }

  @Override
  public void appendNetworkEvent(NetworkEvent event) {
    events.append(event);
  }

  @Override
  public void saveFault(NetworkFault fault) {
    faults.save(fault);
  }

  @Override
  public boolean deleteFault(String routerId, FaultKind kind, String target) {
    return faults.delete(routerId, kind, target);
  }

  @Override
  public void insertAgentCredential(AgentCredential credential, String digest) {
    agentCredentials.insert(credential, digest);
  }

  @Override
  public void revokeAgentCredential(String id, Instant at) {
    agentCredentials.revoke(id, at);
  }

  // Tenants, principals and their credentials.

  @Override
  public Optional<Tenant> tenant(String id) {
    return identities.tenant(id);
  }

  @Override
  public List<Tenant> tenants() {
    return identities.tenants();
  }

  @Override
  public void insertTenant(Tenant tenant) {
    identities.insertTenant(tenant);
  }

  @Override
  public boolean insertTenantIfAbsent(Tenant tenant) {
    return identities.insertTenantIfAbsent(tenant);
  }

  @Override
  public Optional<String> scopeOwner(String scope) {
    return identities.scopeOwner(scope);
  }

  @Override
  public List<String> scopesOf(String tenantId) {
    return identities.scopesOf(tenantId);
  }

  @Override
  public void insertScope(String scope, String tenantId) {
    identities.insertScope(scope, tenantId);
  }

  @Override
  public Optional<Principal> principal(String id) {
    return identities.principal(id);
  }

  @Override
  public Optional<Principal> principalByEmail(String email) {
    return identities.principalByEmail(email);
  }

  @Override
  public List<Principal> principals(Optional<String> tenantId) {
    return identities.principals(tenantId);
  }

  @Override
  public void insertPrincipal(Principal principal) {
    identities.insertPrincipal(principal);
  }

  @Override
  public boolean insertPrincipalIfAbsent(Principal principal) {
    return identities.insertPrincipalIfAbsent(principal);
  }

  @Override
  public Optional<String> globalKeyDigest(String principalId) {
    return identities.globalKeyDigest(principalId);
  }

  @Override
  public void saveGlobalKeyDigest(String principalId, String digest) {
    identities.saveGlobalKeyDigest(principalId, digest);
  }

  @Override
  public boolean saveGlobalKeyDigestIfAbsent(String principalId, String digest) {
    return identities.saveGlobalKeyDigestIfAbsent(principalId, digest);
  }

  @Override
  public List<Grant> grantsOf(String principalId) {
    return identities.grantsOf(principalId);
  }

  @Override
  public void insertGrant(Grant grant) {
    identities.insertGrant(grant);
  }

  @Override
  public boolean deleteGrant(Grant grant) {
    return identities.deleteGrant(grant);
  }

  @Override
  public Optional<ApiToken> token(String id) {
    return identities.token(id);
  }

  @Override
  public Optional<ApiToken> tokenByDigest(String digest) {
    return identities.tokenByDigest(digest);
  }

  @Override
  public List<ApiToken> tokens(Optional<String> principalId) {
    return identities.tokens(principalId);
  }

  @Override
  public void insertToken(ApiToken token, String digest) {
    identities.insertToken(token, digest);
  }

  @Override
  public boolean insertTokenIfAbsent(ApiToken token, String digest) {
    return identities.insertTokenIfAbsent(token, digest);
  }

  @Override
  public void revokeToken(String id, Instant at) {
    identities.revokeToken(id, at);
  }

  // The audit log.

  @Override
  public void appendAudit(AuditEvent event) {
    audit.appendAudit(event);
  }

  @Override
  public Page<AuditEvent> auditEvents(AuditQuery query, PageRequest page) {
    return audit.auditEvents(query, page);
  }
}
