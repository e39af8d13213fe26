package dev.junction.bench.scale;

import java.util.List;

/** The least, the median and the greatest of some measurements. */
record Spread(double min, double median, double max, int count) {

  /** Returns the spread of {@code values}, which must not be empty. */
  static Spread of(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("values: [] (expected: at least one)");
    }
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    double median =
        n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    return new Spread(sorted.get(0), median, sorted.get(n - 1), n);
  }
}
