package dev.ebpf4j.tcpinspect;

/** A failure already put into one line with its fix, and the {@link ExitCode} it ends the command with. */
final class ToolFailure extends RuntimeException {
    private final int exitCode;

    ToolFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    ToolFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
