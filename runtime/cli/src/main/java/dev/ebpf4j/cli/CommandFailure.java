package dev.ebpf4j.cli;

/** A failure a command has already put into words, prefixed with the file or place it concerns. */
final class CommandFailure extends RuntimeException {
    CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }

    CommandFailure(String message) {
        super(message);
    }

    /** "FILE: message" for a failure while handling {@code file}. */
    static CommandFailure in(Object file, Throwable cause) {
        return new CommandFailure(file + ": " + cause.getMessage(), cause);
    }
}
