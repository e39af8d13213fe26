package dev.junction.bench.suite;

/** The trivial program whose JVM start is P7's baseline. */
public final class Hello {
  private Hello() {}

  public static void main(String[] args) {
    System.out.println("hello");
  }
}
