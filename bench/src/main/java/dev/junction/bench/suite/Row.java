package dev.junction.bench.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoublePredicate;

/**
 * One line of the suite's table: a figure, its baseline, the value of each round (the ratio of the
 * figure to its baseline, or an absolute value where the target is absolute), the target and
 * whether the median meets it. A figure that could not be measured says why ({@code n/a: ...}), and
 * one whose calls failed says so ({@code errors: ...}), after what its rounds measured.
 */
public final class Row {
  private final String figure;
  private final String baseline;
  private final String unit;
  private final String target;
  private final DoublePredicate meets;
  private final List<Double> values = new ArrayList<>();
  private final List<Double> measured = new ArrayList<>();
  private final List<Double> base = new ArrayList<>();
  private String absoluteUnit = "";
  private String notApplicable = "";
  private String errors = "";
  private final List<String> notes = new ArrayList<>();
  private final List<Double> serverCpu = new ArrayList<>();
  private final List<Double> clientCpu = new ArrayList<>();
  private final List<Double> figureServerCpu = new ArrayList<>();
  private final List<Double> baselineServerCpu = new ArrayList<>();
  private final List<Double> warmUpSeconds = new ArrayList<>();

  /**
   * @param unit "x" for a ratio to the baseline, else the unit of an absolute value
   * @param target the target as people read it, such as {@code >= 0.6}
   * @param meets whether a median value meets the target, or null where there is no target
   */
  public Row(String figure, String baseline, String unit, String target, DoublePredicate meets) {
    this.figure = figure;
    this.baseline = baseline;
    this.unit = unit;
    this.target = target;
    this.meets = meets;
  }

  /** Adds one round: its value, and the absolute figure and baseline behind a ratio. */
  public synchronized Row round(double value, double figureValue, double baselineValue) {
    values.add(value);
    measured.add(figureValue);
    base.add(baselineValue);
    return this;
  }

  /** Adds one round of an absolute value. */
  public synchronized Row round(double value) {
    return round(value, value, Double.NaN);
  }

  /** Names the unit of the absolute figures behind a ratio, such as {@code req/s}. */
  public Row absoluteUnit(String unit) {
    this.absoluteUnit = unit;
    return this;
  }

  /** Marks the figure as not measurable here, with the reason. */
  public synchronized Row notApplicable(String why) {
    if (notApplicable.isEmpty()) {
      notApplicable = why;
    }
    return this;
  }

  /** Marks the figure as spoilt by failed calls, with what failed. */
  public synchronized Row errors(String what) {
    if (errors.isEmpty()) {
      errors = what;
    }
    return this;
  }

  /** Adds a remark printed beside the values, such as refusals counted apart. */
  public synchronized Row note(String remark) {
    if (!notes.contains(remark)) {
      notes.add(remark);
    }
    return this;
  }

  /**
   * Adds one round's CPU time per call, in milliseconds, of the server's process and of the load
   * generator: what a call costs the machine's cores, printed beside the values (medians).
   */
  public synchronized Row cpu(double serverMillis, double clientMillis) {
    serverCpu.add(serverMillis);
    clientCpu.add(clientMillis);
    return this;
  }

  /**
   * Adds one round's server CPU time per call, in microseconds, of the figure and of its baseline:
   * where a ratio falls short, what each call costs the server beside what the baseline's does.
   */
  public synchronized Row serverCpu(double figureMicros, double baselineMicros) {
    figureServerCpu.add(figureMicros);
    baselineServerCpu.add(baselineMicros);
    return this;
  }

  /**
   * Adds one round's warm-up, printed beside the values: how long it ran (median), and why it
   * stopped where that was not the compilers being done.
   */
  public synchronized Row warmUp(WarmUp.Done done) {
    warmUpSeconds.add((double) done.took().toSeconds());
    if (!done.why().equals("compiled") && !done.why().equals("smoke")) {
      note(
          "a warm-up ended with the JIT at "
              + Math.round(done.compilerShare() * 100)
              + "% of the server's CPU: "
              + done.why());
    }
    return this;
  }

  public String figure() {
    return figure;
  }

  public synchronized boolean hasErrors() {
    return !errors.isEmpty();
  }

  public synchronized boolean isNotApplicable() {
    return !notApplicable.isEmpty();
  }

  public synchronized int rounds() {
    return values.size();
  }

  /**
   * Returns the cells: figure, baseline, figure and baseline medians, min/median/max, target,
   * meets.
   */
  synchronized List<String> cells() {
    String spread;
    String meetsCell;
    String figureCell = "";
    String baselineCell = "";
    if (!errors.isEmpty()) {
      // What was measured still shows beside the errors: under overload, a refused share is the
      // point of admission, and the latency of what was accepted is the figure that matters.
      String measuredSpread =
          values.isEmpty()
              ? ""
              : format(min(values))
                  + " / "
                  + format(median(values))
                  + " / "
                  + format(max(values))
                  + " "
                  + unit
                  + " with ";
      spread = measuredSpread + "errors: " + errors;
      meetsCell = "ERRORS";
    } else if (!notApplicable.isEmpty()) {
      spread = "n/a: " + notApplicable;
      meetsCell = "n/a";
    } else if (values.isEmpty()) {
      spread = "not measured";
      meetsCell = "n/a";
    } else {
      double median = median(values);
      String suffix = unit.equals("x") ? "" : " " + unit;
      spread = format(min(values)) + " / " + format(median) + " / " + format(max(values)) + suffix;
      meetsCell = meets == null ? "-" : meets.test(median) ? "yes" : "no";
      if (unit.equals("x")) {
        figureCell = format(median(measured)) + " " + absoluteUnit;
        baselineCell = format(median(base)) + " " + absoluteUnit;
      }
    }
    return List.of(
        figure,
        baseline,
        figureCell.strip(),
        baselineCell.strip(),
        spread
            + (unit.equals("x") && !values.isEmpty() && errors.isEmpty() && notApplicable.isEmpty()
                ? " x"
                : "")
            + remarks(),
        target,
        meetsCell);
  }

  /** Returns the notes and the CPU per call, in parentheses, or nothing. */
  private String remarks() {
    List<String> all = new ArrayList<>(notes);
    if (!serverCpu.isEmpty()) {
      all.add(
          String.format(
              Locale.ROOT,
              "CPU per call: server %.2f ms, load generator %.2f ms",
              median(serverCpu),
              median(clientCpu)));
    }
    if (!warmUpSeconds.isEmpty()) {
      all.add(String.format(Locale.ROOT, "warm-up %.0f s", median(warmUpSeconds)));
    }
    if (!figureServerCpu.isEmpty()) {
      all.add(
          String.format(
              Locale.ROOT,
              "server CPU per call: %.0f us, baseline %.0f us",
              median(figureServerCpu),
              median(baselineServerCpu)));
    }
    return all.isEmpty() ? "" : " (" + String.join("; ", all) + ")";
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  static String format(double value) {
    if (Double.isNaN(value)) {
      return "-";
    }
    double magnitude = Math.abs(value);
    if (magnitude >= 100) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    if (magnitude >= 10) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    if (magnitude < 0.1 && magnitude > 0) {
      // A ratio far below its target still shows how far, rather than 0.00.
      return String.format(Locale.ROOT, "%.4f", value);
    }
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
