package dev.junction.bench.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The threads of a process as Linux tells them ({@code /proc/PID/task/TID/stat}): each thread's
 * name (its first 15 characters) and the CPU time it has used, for the figures that split a
 * server's CPU by thread (the JIT compilers during a warm-up, the request threads of a P1 call).
 */
final class ProcThreads {
  /** Linux's fixed {@code USER_HZ}, the unit of the CPU times in {@code stat}. */
  static final long TICKS_PER_SECOND = 100;

  /** One thread: its name, CPU ticks (user and system), and its folder under {@code /proc}. */
  record Thread(String name, long ticks, Path dir) {
    /** Returns how many times the thread has given up the CPU to wait: each wake-up is one. */
    long voluntarySwitches() throws IOException {
      for (String line : Files.readAllLines(dir.resolve("status"))) {
        if (line.startsWith("voluntary_ctxt_switches:")) {
          return Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
        }
      }
      return 0;
    }
  }

  private ProcThreads() {}

  /** Returns the threads of process {@code pid} alive now. */
  static List<Thread> of(long pid) throws IOException {
    List<Thread> threads = new ArrayList<>();
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
        } catch (IOException gone) {
          continue; // the thread ended meanwhile
        }
        int close = stat.lastIndexOf(')');
        String name = stat.substring(stat.indexOf('(') + 1, close);
        // After the name: state, then fields 4 to 13; utime and stime are fields 14 and 15.
        String[] fields = stat.substring(close + 2).split(" ");
        threads.add(
            new Thread(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), task));
      }
    }
    return threads;
  }

  /** Returns whether a thread is one of the JIT's compiler threads. */
  static boolean isCompiler(String name) {
    return name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler");
  }
}
