package dev.junction.core;

import static java.util.Objects.requireNonNull;

import dev.junction.core.access.Identities;
import dev.junction.core.attachment.AttachmentExecution;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.attachment.Attachments;
import dev.junction.core.attachment.Cnis;
import dev.junction.core.audit.Audit;
import dev.junction.core.catalogue.Catalogue;
import dev.junction.core.config.CoreConfig;
import dev.junction.core.network.AgentCredentials;
import dev.junction.core.network.DesiredState;
import dev.junction.core.network.Faults;
import dev.junction.core.network.Network;
import dev.junction.core.network.NetworkView;
import dev.junction.core.network.ObservedState;
import dev.junction.core.operation.Admission;
import dev.junction.core.operation.Execution;
import dev.junction.core.operation.Ids;
import dev.junction.core.operation.Operations;
import dev.junction.core.operation.Signals;
import dev.junction.core.operation.Submitter;
import dev.junction.core.settings.ScopeSettings;
import dev.junction.core.store.Store;
import dev.junction.core.ticket.TicketExecution;
import dev.junction.core.ticket.Tickets;
import dev.junction.core.trunk.TrunkExecution;
import dev.junction.core.trunk.Trunks;
import java.time.InstantSource;
import java.util.List;

/**
 * Returns every use case of the core, wired to one store: what a dialect translates its wire calls
 * into, and what the operation worker executes.
 */
public record UseCases(
    Catalogue catalogue,
    Trunks trunks,
    Attachments attachments,
    Cnis cnis,
    ScopeSettings settings,
    Tickets tickets,
    Operations operations,
    Network network,
    Identities identities,
    Audit audit,
    List<Execution> executions) {
  public UseCases {
    requireNonNull(catalogue, "catalogue");
    requireNonNull(trunks, "trunks");
    requireNonNull(attachments, "attachments");
    requireNonNull(cnis, "cnis");
    requireNonNull(settings, "settings");
    requireNonNull(tickets, "tickets");
    requireNonNull(operations, "operations");
    requireNonNull(network, "network");
    requireNonNull(identities, "identities");
    requireNonNull(audit, "audit");
    executions = List.copyOf(executions);
  }

  /** Returns the use cases over {@code store}, telling {@code signals} about new work. */
  public static UseCases over(
      Store store, InstantSource clock, Ids ids, CoreConfig config, Signals signals) {
    return over(store, clock, ids, config, signals, Admission.unbounded(store));
  }

  /**
   * Returns the use cases over {@code store}, telling {@code signals} about new work and taking on
   * new operations only as {@code admission} allows.
   */
  public static UseCases over(
      Store store,
      InstantSource clock,
      Ids ids,
      CoreConfig config,
      Signals signals,
      Admission admission) {
    Submitter submitter = new Submitter(store, clock, ids, config, signals, admission);
    Trunks trunks = new Trunks(store, submitter);
    return new UseCases(
        new Catalogue(store, config),
        trunks,
        new Attachments(store, submitter),
        new Cnis(store, submitter),
        new ScopeSettings(store),
        new Tickets(store, submitter, trunks),
        new Operations(store, clock, signals),
        new Network(
            new DesiredState(store),
            new ObservedState(store, clock, signals),
            new NetworkView(store, clock, config.agentSilence()),
            new Faults(store),
            new AgentCredentials(store, clock, ids)),
        new Identities(store, clock, ids),
        new Audit(store),
        List.of(
            new TrunkExecution(config.networkPollInterval()),
            new AttachmentExecution(AttachmentKind.PRIVATE, config.networkPollInterval()),
            new AttachmentExecution(AttachmentKind.PUBLIC, config.networkPollInterval()),
            new AttachmentExecution(AttachmentKind.CNI, config.networkPollInterval()),
            new TicketExecution()));
  }
}
