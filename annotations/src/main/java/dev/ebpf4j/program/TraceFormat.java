package dev.ebpf4j.program;

import java.util.ArrayList;
import java.util.List;

/**
 * The formats of {@link Bpf#trace(String)} and its siblings, as the kernel's
 * {@code bpf_trace_printk} (5.10 and later) accepts and prints them: printable ASCII text with at
 * most three conversions among {@code %d %i %u %x}, each optionally with {@code l} or {@code ll}.
 * Without a length modifier a conversion prints the argument's low 32 bits ({@code %d} and
 * {@code %i} signed); with one, all 64. There is no {@code %%}: 5.10 refuses it.
 *
 * <pre>{@code
 * TraceFormat.format("port %u len %ld", 80, 1500)    // "port 80 len 1500"
 * TraceFormat.format("%d", 0xffffffffL)              // "-1"
 * TraceFormat.problem("%s", 1)                       // "... %s ..."
 * }</pre>
 */
public final class TraceFormat {
    /** At most this many arguments, as the helper takes. */
    public static final int MAX_ARGUMENTS = 3;
    /** The conversions a format may use. */
    public static final String SUPPORTED = "%d %i %u %x, each also with l or ll (%ld %lld ...)";

    private TraceFormat() {
    }

    /** One conversion: its text, whether it prints 64 bits, and its letter. */
    private record Conversion(String text, boolean wide, char letter) {}

    /** What is wrong with {@code format} used with {@code arguments} arguments, or null if nothing is. */
    public static String problem(String format, int arguments) {
        try {
            int conversions = conversions(format).size();
            if (conversions != arguments) {
                return "the trace format \"" + format + "\" has " + conversions + " conversion" + (conversions == 1 ? "" : "s")
                        + " but " + arguments + " argument" + (arguments == 1 ? " is" : "s are") + " given";
            }
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** {@code format} with its conversions replaced by {@code arguments}, as the kernel prints it. */
    public static String format(String format, long... arguments) {
        String problem = problem(format, arguments.length);
        if (problem != null) throw new IllegalArgumentException(problem);
        StringBuilder out = new StringBuilder();
        int argument = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            Conversion conversion = conversion(format, i);
            long value = arguments[argument++];
            out.append(switch (conversion.letter()) {
                case 'd', 'i' -> conversion.wide() ? Long.toString(value) : Integer.toString((int) value);
                case 'u' -> conversion.wide() ? Long.toUnsignedString(value) : Integer.toUnsignedString((int) value);
                default -> conversion.wide() ? Long.toHexString(value) : Integer.toHexString((int) value);
            });
            i += conversion.text().length() - 1;
        }
        return out.toString();
    }

    private static List<Conversion> conversions(String format) {
        List<Conversion> conversions = new ArrayList<>();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("the trace format \"" + format + "\" has a character the kernel refuses"
                        + " (code " + (int) c + "): use printable ASCII only, one line per trace");
            }
            if (c != '%') continue;
            Conversion conversion = conversion(format, i);
            conversions.add(conversion);
            if (conversions.size() > MAX_ARGUMENTS) {
                throw new IllegalArgumentException("the trace format \"" + format + "\" has more than " + MAX_ARGUMENTS
                        + " conversions: bpf_trace_printk takes at most " + MAX_ARGUMENTS + " arguments");
            }
            i += conversion.text().length() - 1;
        }
        return conversions;
    }

    private static Conversion conversion(String format, int at) {
        int i = at + 1;
        int longs = 0;
        while (longs < 2 && i < format.length() && format.charAt(i) == 'l') {
            longs++;
            i++;
        }
        if (i < format.length() && "diux".indexOf(format.charAt(i)) >= 0) {
            return new Conversion(format.substring(at, i + 1), longs > 0, format.charAt(i));
        }
        String seen = format.substring(at, Math.min(format.length(), i + 1));
        throw new IllegalArgumentException("the trace format \"" + format + "\" has \"" + seen + "\", which bpf_trace_printk"
                + " does not print: use " + SUPPORTED);
    }
}
