package dev.ebpf4j.linking;

/**
 * An object's programs cannot be linked for a reason of the object's making: a call of something
 * that is not a function, a reference to a global that is not there or past its section's end.
 * The message is one line naming the program, the instruction and the symbol.
 */
public final class LinkException extends RuntimeException {
    public LinkException(String message) {
        super(message);
    }
}
