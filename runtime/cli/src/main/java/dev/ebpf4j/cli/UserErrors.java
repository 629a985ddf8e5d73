package dev.ebpf4j.cli;

import dev.ebpf4j.binary.FormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns the exceptions that describe a user's mistake (a malformed object, an assembly error, a
 * missing file, a kernel refusal) into one line on standard error and exit code 1. Anything else
 * is a bug in ebpf4j; it too ends as one line (its type and message) and exit code 1, with the
 * stack trace only on request ({@code --debug} or {@value Ebpf4j#DEBUG_VARIABLE}): that line is a
 * net under the specific messages, which each failure a user can cause should have.
 */
final class UserErrors implements IExecutionExceptionHandler {
    private final boolean debugFromEnvironment;

    UserErrors(boolean debugFromEnvironment) {
        this.debugFromEnvironment = debugFromEnvironment;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        return report(e, commandLine.getErr(), debug(parseResult));
    }

    /** For what escaped picocli's handlers (errors are not exceptions, and picocli lets them through). */
    int lastResort(Throwable t, CommandLine commandLine) {
        return report(t, commandLine.getErr(), debug(commandLine.getParseResult()));
    }

    private int report(Throwable t, PrintWriter err, boolean debug) {
        String message = describe(t);
        if (message == null) {
            String detail = t.getMessage() == null ? "" : ": " + t.getMessage().replace('\n', ' ');
            message = "internal error: " + t.getClass().getName() + detail
                    + (debug ? "" : " (--debug or " + Ebpf4j.DEBUG_VARIABLE + "=1 shows where; please report it)");
        }
        err.println("ebpf4j: " + message);
        if (debug) {
            t.printStackTrace(err);
        }
        err.flush();
        return 1;
    }

    private boolean debug(ParseResult parseResult) {
        for (ParseResult level = parseResult; level != null; level = level.subcommand()) {
            if (level.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return debugFromEnvironment;
    }

    private static String describe(Throwable e) {
        return switch (e) {
            case CommandFailure failure -> failure.getMessage();
            case FormatException format -> format.getMessage();
            case dev.ebpf4j.errors.BpfException kernel -> kernel.getMessage();
            case dev.ebpf4j.errors.NetlinkException netlink -> netlink.getMessage();
            case dev.ebpf4j.links.AttachException attach -> attach.getMessage();
            case NoSuchFileException missing -> missing.getFile() + ": no such file";
            case AccessDeniedException denied -> denied.getFile() + ": permission denied";
            case UncheckedIOException io -> describe(io.getCause());
            case IOException io -> io.getMessage();
            default -> null;
        };
    }
}
