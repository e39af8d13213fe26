package dev.junction.core.attachment;

import static java.util.Objects.requireNonNull;

import dev.junction.core.access.AccessGuard;
import dev.junction.core.access.Caller;
import dev.junction.core.catalogue.Catalogue;
import dev.junction.core.config.CoreConfig;
import dev.junction.core.net.Asn;
import dev.junction.core.net.Ipv4Address;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.net.VlanId;
import dev.junction.core.operation.Operation;
import dev.junction.core.operation.OperationVerb;
import dev.junction.core.operation.ResourceState;
import dev.junction.core.operation.ResourceType;
import dev.junction.core.operation.Submitter;
import dev.junction.core.problem.Problem;
import dev.junction.core.problem.ProblemException;
import dev.junction.core.problem.Violations;
import dev.junction.core.resource.Description;
import dev.junction.core.resource.Labels;
import dev.junction.core.resource.Name;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.core.store.ReadTx;
import dev.junction.core.store.Store;
import dev.junction.core.store.UniqueKey;
import dev.junction.core.store.UniqueViolation;
import dev.junction.core.store.WriteTx;
import dev.junction.core.trunk.Joint;
import dev.junction.core.trunk.Trunk;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The use cases on CNIs: network interconnects on a trunk whose point-to-point /31 the provider
 * takes from its pool, whose VLAN it plans, and whose BGP session is optional. A trunk carries at
 * most one CNI. Reads go through {@link Attachments} with kind {@link AttachmentKind#CNI}.
 */
public final class Cnis {
  public static final int MAX_MTU = 1500;

  private final Store store;
  private final Submitter submitter;
  private final CoreConfig config;

  public Cnis(Store store, Submitter submitter) {
    this.store = requireNonNull(store, "store");
    this.submitter = requireNonNull(submitter, "submitter");
    this.config = submitter.config();
  }

  /** The BGP session of a CNI as the caller wrote it. */
  public record Bgp(long customerAsn, List<String> extraPrefixes, Optional<String> md5Key) {
    public Bgp {
      extraPrefixes = List.copyOf(extraPrefixes);
      requireNonNull(md5Key, "md5Key");
    }
  }

  /**
   * A CNI as the caller wrote it. Violations are reported under {@code interconnect}, {@code
   * conduit.name}, {@code conduit.description}, {@code mtu}, {@code bgp.customer_asn}, {@code
   * bgp.extra_prefixes[i]} and {@code bgp.md5_key}.
   *
   * @param acceptsRoutes empty means the trunk's default: advertise only on partner trunks
   * @param cloudAsn the provider's ASN on the session (the scope's default ASN)
   */
  public record Draft(
      String scope,
      String trunkId,
      String conduitName,
      String conduitDescription,
      long mtu,
      Optional<Bgp> bgp,
      Optional<Boolean> acceptsRoutes,
      Asn cloudAsn) {
    public Draft {
      requireNonNull(scope, "scope");
      requireNonNull(trunkId, "trunkId");
      requireNonNull(conduitName, "conduitName");
      requireNonNull(conduitDescription, "conduitDescription");
      requireNonNull(bgp, "bgp");
      requireNonNull(acceptsRoutes, "acceptsRoutes");
      requireNonNull(cloudAsn, "cloudAsn");
    }
  }

  /** The validated parts of a draft. */
  private record Valid(Optional<Asn> asn, List<Ipv4Prefix> extraPrefixes, Optional<Md5Key> key) {}

  private Valid validate(Draft draft) {
    Violations violations = new Violations();
    if (draft.scope().isEmpty()) {
      violations.add("scope", "is required");
    }
    if (draft.trunkId().isEmpty()) {
      violations.add("interconnect", "is required");
    }
    Name.check("conduit.name", draft.conduitName(), true, violations);
    Description.check("conduit.description", draft.conduitDescription(), violations);
    if (draft.mtu() < Routing.MIN_MTU || draft.mtu() > MAX_MTU) {
      violations.add(
          "mtu",
          "must be between " + Routing.MIN_MTU + " and " + MAX_MTU + " (got " + draft.mtu() + ")");
    }
    Optional<Asn> asn = Optional.empty();
    List<Ipv4Prefix> prefixes = List.of();
    Optional<Md5Key> key = Optional.empty();
    if (draft.bgp().isPresent()) {
      Bgp bgp = draft.bgp().get();
      asn = Asn.validPeer("bgp.customer_asn", bgp.customerAsn(), draft.cloudAsn(), violations);
      prefixes =
          AttachmentDraft.prefixes("bgp.extra_prefixes", bgp.extraPrefixes(), 100, violations);
      if (bgp.md5Key().isPresent()) {
        String text = bgp.md5Key().get();
        if (text.isEmpty()
            || text.length() > Md5Key.MAX_LENGTH
            || !text.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '?')) {
          violations.add(
              "bgp.md5_key",
              "must be 1-" + Md5Key.MAX_LENGTH + " printable ASCII characters other than \" and ?");
        } else {
          key = Optional.of(Md5Key.of(text));
        }
      }
    }
    violations.throwIfAny();
    return new Valid(asn, prefixes, key);
  }

  /**
   * Starts creating the CNI {@code draft} describes, and returns its operation. The CNI takes the
   * first /31 of the pool that no CNI has and no concurrent create is taking, so that creates of
   * different tenants never wait for one another; the subnet's uniqueness rule decides, and a
   * create that finds its /31 committed by another meanwhile tries the next. A /31 another create
   * is taking counts as taken: the pool is exhausted only for as long as that create may use it.
   */
  public Operation create(Caller caller, Draft draft) {
    AccessGuard.writeInto(caller, draft.scope());
    Valid valid = validate(draft);
    String id = submitter.ids().nextUuid().toString();
    return submitter.submit(
        caller,
        tx -> {
          Trunk trunk = carrier(tx, draft.scope(), draft.trunkId());
          tx.lockTrunk(trunk.id());
          VlanId vlan = freeVlan(tx, trunk.id());
          Ipv4Prefix pool = Catalogue.cniPool(tx, config);
          Set<Ipv4Prefix> used = tx.usedCniSubnets();
          for (long offset = 0; offset < pool.size(); offset += 2) {
            Ipv4Prefix subnet = new Ipv4Prefix(pool.network().plus(offset), 31);
            if (used.contains(subnet) || !tx.holdCniSubnet(subnet)) {
              continue;
            }
            Attachment cni = cni(id, draft, valid, trunk, vlan, subnet);
            try {
              tx.insertAttachment(cni);
            } catch (UniqueViolation violation) {
              if (violation.key() == UniqueKey.CNI_SUBNET) {
                continue;
              }
              throw conflict(violation, cni);
            }
            return insert(tx, caller, cni, OperationVerb.CREATE, ResourceState.NOTHING);
          }
          throw new ProblemException(
              new Problem.ResourceExhausted(
                  "the point-to-point pool " + pool + " has no free /31 left; ask the operator"));
        });
  }

  /**
   * Returns the new CNI {@code id} that {@code draft} describes, on {@code trunk} with {@code vlan}
   * and {@code subnet}.
   */
  private Attachment cni(
      String id, Draft draft, Valid valid, Trunk trunk, VlanId vlan, Ipv4Prefix subnet) {
    return new Attachment(
        id,
        AttachmentKind.CNI,
        draft.scope(),
        draft.conduitName(),
        draft.conduitDescription(),
        Labels.EMPTY,
        trunk.id(),
        Optional.of(vlan),
        new Peering(
            subnet,
            subnet.network().plus(1),
            subnet.network(),
            valid.asn(),
            draft.cloudAsn(),
            valid.key()),
        List.of(),
        PublicAccess.NONE,
        new Routing(
            (int) draft.mtu(),
            valid.extraPrefixes(),
            draft.acceptsRoutes().orElse(!(trunk.joint() instanceof Joint.ViaPartner))),
        ResourceStatus.CREATING,
        submitter.now(),
        1);
  }

  /**
   * Starts replacing CNI {@code id} with {@code draft}: its conduit, MTU, BGP session and routing
   * mode change; its trunk and addresses, chosen when it was created, must stay as they are.
   */
  public Operation replace(
      Caller caller, String id, Draft draft, Ipv4Address custIp, Ipv4Address p2pIp) {
    store.read(tx -> Attachments.settled(tx, caller, AttachmentKind.CNI, id));
    Valid valid = validate(draft);
    return submitter.submit(
        caller,
        tx -> {
          Attachment current = Attachments.settled(tx, caller, AttachmentKind.CNI, id);
          Violations fixed = new Violations();
          if (!current.trunkId().equals(draft.trunkId())) {
            fixed.add("interconnect", "cannot be changed (is " + current.trunkId() + ")");
          }
          if (!current.peering().peerIp().equals(custIp)) {
            fixed.add("cust_ip", "cannot be changed (is " + custAddress(current) + ")");
          }
          if (!current.peering().cloudIp().equals(p2pIp)) {
            fixed.add("p2p_ip", "cannot be changed (is " + p2pAddress(current) + ")");
          }
          fixed.throwIfAny();
          Peering peering = current.peering();
          Attachment replaced =
              new Attachment(
                  id,
                  AttachmentKind.CNI,
                  current.scope(),
                  draft.conduitName(),
                  draft.conduitDescription(),
                  current.labels(),
                  current.trunkId(),
                  current.vlan(),
                  new Peering(
                      peering.subnet(),
                      peering.peerIp(),
                      peering.cloudIp(),
                      valid.asn(),
                      peering.cloudAsn(),
                      valid.key()),
                  List.of(),
                  PublicAccess.NONE,
                  new Routing(
                      (int) draft.mtu(),
                      valid.extraPrefixes(),
                      draft.acceptsRoutes().orElse(current.routing().acceptsRoutes())),
                  ResourceStatus.UPDATING,
                  current.createdAt(),
                  current.revision() + 1);
          try {
            tx.updateAttachment(replaced);
          } catch (UniqueViolation violation) {
            throw conflict(violation, replaced);
          }
          return insert(
              tx, caller, replaced, OperationVerb.UPDATE, new ResourceState.OfAttachment(current));
        });
  }

  /** Returns the customer's end of a CNI as {@code a.b.c.d/31}. */
  public static String custAddress(Attachment cni) {
    return cni.peering().peerIp() + "/" + cni.peering().subnet().length();
  }

  /** Returns the provider's end of a CNI as {@code a.b.c.d/31}. */
  public static String p2pAddress(Attachment cni) {
    return cni.peering().cloudIp() + "/" + cni.peering().subnet().length();
  }

  private Operation insert(
      WriteTx tx, Caller caller, Attachment cni, OperationVerb verb, ResourceState previous) {
    Operation operation =
        submitter.start(
            caller, ResourceType.CNI, cni.id(), verb, cni.scope(), previous, cni.revision());
    tx.insertOperation(operation);
    return operation;
  }

  /**
   * Returns the interconnect a new CNI of {@code scope} rides: one of that scope, not being
   * deleted.
   */
  private static Trunk carrier(ReadTx tx, String scope, String trunkId) {
    Trunk trunk =
        tx.trunk(trunkId)
            .filter(t -> t.scope().equals(scope))
            .orElseThrow(() -> ProblemException.notFound("interconnect", trunkId));
    if (trunk.status() == ResourceStatus.DELETING) {
      throw ProblemException.failedPrecondition("interconnect " + trunkId + " is being deleted");
    }
    return trunk;
  }

  private static VlanId freeVlan(ReadTx tx, String trunkId) {
    Set<Integer> used = tx.usedVlans(trunkId);
    for (int vlan = VlanId.MIN; vlan <= VlanId.MAX; vlan++) {
      if (!used.contains(vlan)) {
        return new VlanId(vlan);
      }
    }
    throw new ProblemException(
        new Problem.ResourceExhausted("interconnect " + trunkId + " has no free VLAN left"));
  }

  private static ProblemException conflict(UniqueViolation violation, Attachment cni) {
    return switch (violation.key()) {
      case ATTACHMENT_NAME ->
          new ProblemException(
              new Problem.AlreadyExists(
                  "conduit.name",
                  "a CNI with conduit name \""
                      + cni.name()
                      + "\" already exists in "
                      + cni.scope()));
      case CNI_ON_TRUNK ->
          new ProblemException(
              new Problem.AlreadyExists(
                  "interconnect", "interconnect " + cni.trunkId() + " already carries a CNI"));
      case VLAN, CNI_SUBNET ->
          new ProblemException(
              new Problem.Aborted("another request took the planned VLAN or subnet; retry"));
      default -> throw violation;
    };
  }
}
