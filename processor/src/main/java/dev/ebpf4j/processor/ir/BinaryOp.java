package dev.ebpf4j.processor.ir;

/** Binary operators with Java's two's-complement semantics; SHR is arithmetic, USHR logical. */
public enum BinaryOp {
    ADD, SUB, MUL, AND, OR, XOR, SHL, SHR, USHR, UDIV, UREM;

    /**
     * {@code a op b} as Java computes it in {@code type} (INT: 32 bits, shift distances masked by
     * 31; LONG: 64 bits, masked by 63), normalised to {@code type}. The one constant evaluation the
     * front end's folding and the back end's share. UDIV and UREM need a non-zero {@code b}.
     */
    public long apply(Prim type, long a, long b) {
        if (type.wide()) {
            return switch (this) {
                case ADD -> a + b;
                case SUB -> a - b;
                case MUL -> a * b;
                case AND -> a & b;
                case OR -> a | b;
                case XOR -> a ^ b;
                case SHL -> a << b;
                case SHR -> a >> b;
                case USHR -> a >>> b;
                case UDIV -> Long.divideUnsigned(a, b);
                case UREM -> Long.remainderUnsigned(a, b);
            };
        }
        int x = (int) a;
        int y = (int) b;
        int result = switch (this) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case AND -> x & y;
            case OR -> x | y;
            case XOR -> x ^ y;
            case SHL -> x << y;
            case SHR -> x >> y;
            case USHR -> x >>> y;
            case UDIV -> Integer.divideUnsigned(x, y);
            case UREM -> Integer.remainderUnsigned(x, y);
        };
        return type.normalize(result);
    }
}
