package dev.junction.network.agent;

/**
 * Told by a {@link RouterAgent} how its loop goes, for the server's metrics: each pass, each failed
 * pass, and each change handed to the router with how long the router took. Called on the agent's
 * thread; an observer must return quickly and not throw.
 */
public interface AgentObserver {
  /** Observes nothing. */
  AgentObserver NONE =
      new AgentObserver() {
        @Override
        public void passed(String routerId) {}

        @Override
        public void failed(String routerId) {}

        @Override
        public void applied(String routerId, String result, long nanos) {}
      };

  /** A pass of the loop over router {@code routerId} ended. */
  void passed(String routerId);

  /** A pass over router {@code routerId} failed; the agent backs off and tries again. */
  void failed(String routerId);

  /**
   * Router {@code routerId} was handed a change and answered {@code result} ({@code applied},
   * {@code accepted} or {@code refused}) after {@code nanos}.
   */
  void applied(String routerId, String result, long nanos);
}
