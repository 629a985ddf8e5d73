package dev.ebpf4j.cli;

import dev.ebpf4j.binary.FormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns the exceptions that describe a user's mistake (a malformed object, an assembly error, a
 * missing file, a kernel refusal) into one line on standard error and exit code 1. Anything else
 * is a bug in ebpf4j and keeps its stack trace.
 */
final class UserErrors implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) throws Exception {
        String message = describe(e);
        if (message == null) {
            throw e;
        }
        commandLine.getErr().println("ebpf4j: " + message);
        return 1;
    }

    private static String describe(Throwable e) {
        return switch (e) {
            case CommandFailure failure -> failure.getMessage();
            case FormatException format -> format.getMessage();
            case dev.ebpf4j.sys.BpfException kernel -> kernel.getMessage();
            case NoSuchFileException missing -> missing.getFile() + ": no such file";
            case AccessDeniedException denied -> denied.getFile() + ": permission denied";
            case UncheckedIOException io -> describe(io.getCause());
            case IOException io -> io.getMessage();
            default -> null;
        };
    }
}
