package dev.ebpf4j.sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A run of netlink attributes ({@code struct nlattr}: u16 length including the 4-byte header, u16
 * type, payload padded to 4 bytes), by type. The nested and byte-order flag bits are masked off the
 * type; where a type repeats, the last one counts, as in the kernel's {@code nla_parse}.
 */
public final class NetlinkAttributes {
    /** {@code NLA_F_NESTED | NLA_F_NET_BYTEORDER}. */
    private static final int TYPE_FLAGS = 0xC000;

    private final Map<Integer, ByteBuffer> byType;

    private NetlinkAttributes(Map<Integer, ByteBuffer> byType) {
        this.byType = byType;
    }

    /** Parses attributes from {@code buffer}'s position to its limit; a truncated last attribute is dropped. */
    public static NetlinkAttributes parse(ByteBuffer buffer) {
        ByteBuffer in = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        Map<Integer, ByteBuffer> attributes = new LinkedHashMap<>();
        while (in.remaining() >= 4) {
            int start = in.position();
            int length = Short.toUnsignedInt(in.getShort(start));
            int type = Short.toUnsignedInt(in.getShort(start + 2)) & ~TYPE_FLAGS;
            if (length < 4 || length > in.remaining()) {
                break;
            }
            attributes.put(type, in.duplicate().position(start + 4).limit(start + length).slice().order(ByteOrder.LITTLE_ENDIAN));
            in.position(Math.min(in.limit(), start + NetlinkWriter.align(length)));
        }
        return new NetlinkAttributes(attributes);
    }

    public boolean has(int type) {
        return byType.containsKey(type);
    }

    /** The payload of attribute {@code type}, if present. */
    public Optional<ByteBuffer> bytes(int type) {
        return Optional.ofNullable(byType.get(type)).map(ByteBuffer::duplicate);
    }

    public OptionalInt u8(int type) {
        ByteBuffer b = byType.get(type);
        return b == null || b.remaining() < 1 ? OptionalInt.empty() : OptionalInt.of(Byte.toUnsignedInt(b.get(0)));
    }

    public OptionalInt u32(int type) {
        ByteBuffer b = byType.get(type);
        return b == null || b.remaining() < 4 ? OptionalInt.empty() : OptionalInt.of(b.getInt(0));
    }

    /** A NUL-terminated string attribute. */
    public Optional<String> string(int type) {
        ByteBuffer b = byType.get(type);
        if (b == null) {
            return Optional.empty();
        }
        int length = 0;
        while (length < b.remaining() && b.get(length) != 0) {
            length++;
        }
        byte[] bytes = new byte[length];
        b.duplicate().get(bytes);
        return Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }

    /** The attributes nested in attribute {@code type}; empty if it is absent. */
    public NetlinkAttributes nested(int type) {
        ByteBuffer b = byType.get(type);
        return b == null ? new NetlinkAttributes(Map.of()) : parse(b);
    }
}
