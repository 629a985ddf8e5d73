package dev.ebpf4j.btf;

/**
 * A well-formed BTF that cannot answer a question: a type without a size, a reference loop in
 * types built by hand, or a BTF-defined map whose struct is not in the shape libbpf reads. Malformed
 * bytes are reported as {@link dev.ebpf4j.binary.FormatException} instead.
 */
public final class BtfException extends RuntimeException {
    public BtfException(String message) {
        super(message);
    }
}
