package dev.ebpf4j.processor.ir;

/** Comparisons: signed (as Java's operators) and unsigned (as {@code Integer/Long.compareUnsigned}). */
public enum CompareOp {
    EQ, NE, LT, LE, GT, GE, ULT, ULE, UGT, UGE;

    /**
     * Whether {@code a op b} holds for two values of {@code operandType} (INT and narrower compare
     * their 32-bit values, LONG its 64 bits; U* unsigned).
     */
    public boolean test(Prim operandType, long a, long b) {
        if (!operandType.wide()) {
            a = (int) a;
            b = (int) b;
        }
        int unsigned = operandType.wide() ? Long.compareUnsigned(a, b) : Integer.compareUnsigned((int) a, (int) b);
        return switch (this) {
            case EQ -> a == b;
            case NE -> a != b;
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
            case ULT -> unsigned < 0;
            case ULE -> unsigned <= 0;
            case UGT -> unsigned > 0;
            case UGE -> unsigned >= 0;
        };
    }

    /** The comparison true exactly when this one is false. */
    public CompareOp negate() {
        return switch (this) {
            case EQ -> NE;
            case NE -> EQ;
            case LT -> GE;
            case LE -> GT;
            case GT -> LE;
            case GE -> LT;
            case ULT -> UGE;
            case ULE -> UGT;
            case UGT -> ULE;
            case UGE -> ULT;
        };
    }

    /** The comparison of the operands the other way round: {@code a op b} is {@code b op.mirror() a}. */
    public CompareOp mirror() {
        return switch (this) {
            case EQ, NE -> this;
            case LT -> GT;
            case LE -> GE;
            case GT -> LT;
            case GE -> LE;
            case ULT -> UGT;
            case ULE -> UGE;
            case UGT -> ULT;
            case UGE -> ULE;
        };
    }
}
