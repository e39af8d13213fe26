package dev.junction.server.fuzz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts cases, refusals and failures, and writes the report printed at the end of a run. */
final class Summary {
  private final Map<String, Integer> casesByGroup = new TreeMap<>();
  private final Map<String, Integer> casesByEndpoint = new TreeMap<>();
  private final Map<String, Integer> refusals = new TreeMap<>();
  private final Map<String, Failure> failures = new TreeMap<>();
  private final List<String> corpusRefused = new ArrayList<>();
  private int corpusSeeds;
  private int failed;

  /** A class of failure: how often it happened and its first case. */
  private static final class Failure {
    int count;
    final java.util.Set<String> endpoints = new java.util.TreeSet<>();
    final String request;
    final String answer;

    Failure(String request, String answer) {
      this.request = request;
      this.answer = answer;
    }
  }

  /** Records the answer to a seed sent unmutated. */
  void corpus(Seed seed, Outcome outcome) {
    corpusSeeds++;
    if (!outcome.accepted()) {
      corpusRefused.add(seed.endpoint() + " -> " + outcome.answer());
    }
    record(outcome, "corpus");
  }

  /** Records one case. */
  void add(Outcome outcome) {
    casesByGroup.merge(outcome.group(), 1, Integer::sum);
    casesByEndpoint.merge(outcome.group() + "  " + outcome.endpoint(), 1, Integer::sum);
    refusals.merge(outcome.group() + "  " + outcome.refusal(), 1, Integer::sum);
    record(outcome, outcome.kind());
  }

  private void record(Outcome outcome, String kind) {
    if (outcome.problems().isEmpty()) {
      return;
    }
    failed++;
    for (String problem : outcome.problems()) {
      String key = problem + "  |  " + outcome.group() + "  [" + kind + "]";
      Failure failure =
          failures.computeIfAbsent(key, k -> new Failure(outcome.request(), outcome.answer()));
      failure.count++;
      failure.endpoints.add(outcome.endpoint());
    }
  }

  /** Returns how many cases failed. */
  int failures() {
    return failed;
  }

  /** Returns the report. */
  String report(long seed, int cases, Duration took) {
    StringBuilder text = new StringBuilder();
    text.append("\n== fuzz summary: seed ")
        .append(seed)
        .append(", ")
        .append(cases)
        .append(" cases in ")
        .append(took.toSeconds())
        .append(" s, ")
        .append(failed)
        .append(" failed\n");
    text.append("-- corpus: ")
        .append(corpusSeeds)
        .append(" valid requests sent once, ")
        .append(corpusRefused.size())
        .append(" refused\n");
    corpusRefused.forEach(line -> text.append("   ").append(line).append('\n'));
    text.append("-- cases per endpoint group\n");
    casesByGroup.forEach(
        (group, count) -> text.append(String.format("   %6d  %s%n", count, group)));
    text.append("-- cases per endpoint\n");
    casesByEndpoint.forEach(
        (endpoint, count) -> text.append(String.format("   %6d  %s%n", count, endpoint)));
    text.append("-- answers (status and code) per group\n");
    refusals.forEach(
        (refusal, count) -> text.append(String.format("   %6d  %s%n", count, refusal)));
    text.append("-- failure classes: ").append(failures.size()).append('\n');
    failures.forEach(
        (key, failure) ->
            text.append(String.format("   %6d  %s%n", failure.count, key))
                .append("           at   ")
                .append(failure.endpoints.size())
                .append(" endpoints: ")
                .append(
                    String.join(", ", failure.endpoints.stream().limit(8).toList())
                        + (failure.endpoints.size() > 8 ? ", ..." : ""))
                .append('\n')
                .append("           e.g. ")
                .append(failure.request)
                .append('\n')
                .append("           got  ")
                .append(failure.answer)
                .append('\n'));
    return text.toString();
  }
}
