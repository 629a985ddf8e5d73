package dev.ebpf4j.program.maps;

/**
 * The read-modify-write operations a map applies to one field of a record value in place (and the
 * plain store {@code SET}), with
 * Java's arithmetic in the field's own width: an {@code int} field takes the operand's low 32 bits
 * and wraps, as the kernel's 32-bit atomic instructions do.
 */
enum FieldOp {
    ADD, OR, AND, XOR, SET;

    long apply(long value, long operand) {
        return switch (this) {
            case ADD -> value + operand;
            case OR -> value | operand;
            case AND -> value & operand;
            case XOR -> value ^ operand;
            case SET -> operand;
        };
    }
}
