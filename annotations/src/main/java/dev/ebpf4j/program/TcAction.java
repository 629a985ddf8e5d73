package dev.ebpf4j.program;

/** The verdict of a tc program in direct-action mode; {@link #code()} is the kernel's {@code TC_ACT_*} value. */
public enum TcAction {
    /** {@code TC_ACT_UNSPEC}: use the default action of the qdisc. */
    UNSPEC(-1),
    /** {@code TC_ACT_OK}: let the packet through. */
    OK(0),
    /** {@code TC_ACT_RECLASSIFY}: restart classification. */
    RECLASSIFY(1),
    /** {@code TC_ACT_SHOT}: drop the packet. */
    SHOT(2),
    /** {@code TC_ACT_PIPE}: go on with the next action. */
    PIPE(3),
    /** {@code TC_ACT_STOLEN}: consumed by the program. */
    STOLEN(4),
    /** {@code TC_ACT_QUEUED}: queued for later. */
    QUEUED(5),
    /** {@code TC_ACT_REPEAT}: run the action again. */
    REPEAT(6),
    /** {@code TC_ACT_REDIRECT}: redirect (after a redirect helper). */
    REDIRECT(7);

    private final int code;

    TcAction(int code) {
        this.code = code;
    }

    /** The value the program returns to the kernel. */
    public int code() {
        return code;
    }

    /** The action whose kernel value is {@code code}, or {@code null} for a value with no name. */
    public static TcAction ofCode(long code) {
        for (TcAction action : values()) {
            if (action.code == code) return action;
        }
        return null;
    }
}
