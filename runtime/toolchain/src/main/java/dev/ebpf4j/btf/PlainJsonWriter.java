package dev.ebpf4j.btf;

/**
 * JSON-like text laid out exactly as bpftool's {@code json_writer} lays it out in pretty mode, which
 * is what {@code bpftool map dump} prints for maps with BTF: a name starts a new line indented four
 * spaces per level, scalars inside arrays stay on one line ({@code [1,2]}), and a container's
 * closing bracket gets its own line unless the container is empty.
 *
 * <p>Values are written as given: the caller decides whether a value is quoted ({@link #string}) or
 * bare ({@link #raw}), as bpftool does for plain-text dumps ({@code "p": 0x10}, {@code "bits": 0x5}).
 *
 * <pre>{@code
 * PlainJsonWriter w = new PlainJsonWriter();
 * w.startObject(); w.name("key"); w.raw("1"); w.name("value"); w.startArray(); w.raw("1"); w.raw("2");
 * w.endArray(); w.endObject();
 * w.take();   // "{\n    \"key\": 1,\n    \"value\": [1,2\n    ]\n}"
 * }</pre>
 */
public final class PlainJsonWriter {
    private static final char NONE = '\0';

    private final StringBuilder out = new StringBuilder();
    private final boolean oneLine;
    private int depth;
    private char separator = NONE;

    /** A writer in bpftool's pretty layout. */
    public PlainJsonWriter() {
        this(false);
    }

    private PlainJsonWriter(boolean oneLine) {
        this.oneLine = oneLine;
    }

    /** A writer that puts everything on one line, {@code {"a":1,"b":[1,2]}}: a JSON line per value. */
    public static PlainJsonWriter oneLine() {
        return new PlainJsonWriter(true);
    }

    public void startObject() {
        begin('{');
    }

    public void endObject() {
        end('}');
    }

    public void startArray() {
        begin('[');
    }

    public void endArray() {
        end(']');
    }

    /** A member name: on its own new line, quoted, followed by {@code ": "}. */
    public void name(String name) {
        separate();
        newLine();
        separator = NONE;
        quote(name);
        out.append(oneLine ? ":" : ": ");
    }

    /** A value printed as is. */
    public void raw(String text) {
        separate();
        out.append(text);
    }

    /** A value in double quotes, with quotes, backslashes and control characters escaped. */
    public void string(String text) {
        separate();
        quote(text);
    }

    /** The text written since the last call, which is then forgotten. */
    public String take() {
        String text = out.toString();
        out.setLength(0);
        return text;
    }

    /** How deeply the writer is nested in objects and arrays. */
    public int depth() {
        return depth;
    }

    private void begin(char bracket) {
        separate();
        out.append(bracket);
        depth++;
        separator = NONE;
    }

    private void end(char bracket) {
        if (depth == 0) {
            throw new IllegalStateException("'" + bracket + "' closes nothing");
        }
        depth--;
        if (separator != NONE) {
            newLine();
        }
        out.append(bracket);
        separator = ',';
    }

    private void separate() {
        if (separator != NONE) {
            out.append(separator);
        }
        separator = ',';
    }

    private void newLine() {
        if (oneLine) {
            return;
        }
        out.append('\n');
        out.repeat("    ", depth);
    }

    private void quote(String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\f' -> out.append("\\f");
                case '\b' -> out.append("\\b");
                // bpftool prints a backslash as "\n" (a slip in its json_writer); we print "\\".
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                default -> out.append(c);
            }
        }
        out.append('"');
    }
}
