package dev.junction.server.config;

import java.time.Duration;

/** How the operation worker polls and leases. */
public record WorkerSettings(Duration pollInterval, Duration leaseDuration) {}
