package dev.ebpf4j.processor.frontend;

/**
 * Thrown after an error was reported on a construct outside the subset, to abandon the statement
 * that contains it (one error per statement, no cascades). Never escapes the front end.
 */
final class Rejected extends RuntimeException {
    Rejected() {
        super(null, null, false, false);
    }
}
