/* Arithmetic.java: dev.example.Arithmetic, rendered as C by ebpf4j. */
#include "ebpf4j.h"

/* BpfArray inputs */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __s32);
	__type(value, __s64);
} inputs SEC(".maps");

/* BpfArray results */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 64);
	__type(key, __s32);
	__type(value, __s64);
} results SEC(".maps");

static __always_inline __s64 *inputs_get(__s32 key)
{
	return bpf_map_lookup_elem(&inputs, &key);
}

static __always_inline bool results_put(__s32 key, __s64 value)
{
	return bpf_map_update_elem(&results, &key, &value, BPF_ANY) == 0;
}

/* Arithmetic.java:11: static XdpAction run(ctx) */
SEC("xdp")
int run(struct xdp_md *ctx)
{
	__s64 *input0 = inputs_get(0); /* Arithmetic.java:12 */
	if (input0 == NULL) { /* Arithmetic.java:13 */
		return 0; /* Arithmetic.java:14 */
	}
	__s64 *input1 = inputs_get(1); /* Arithmetic.java:15 */
	if (input1 == NULL) { /* Arithmetic.java:16 */
		return 0; /* Arithmetic.java:17 */
	}
	__s64 *input2 = inputs_get(2); /* Arithmetic.java:18 */
	if (input2 == NULL) { /* Arithmetic.java:19 */
		return 0; /* Arithmetic.java:20 */
	}
	__s64 *input3 = inputs_get(3); /* Arithmetic.java:21 */
	if (input3 == NULL) { /* Arithmetic.java:22 */
		return 0; /* Arithmetic.java:23 */
	}
	__s32 x = (__s32)*input0; /* Arithmetic.java:24 */
	__s64 y = *input1; /* Arithmetic.java:25 */
	__s16 s = (__s16)*input2; /* Arithmetic.java:26 */
	__u16 c = (__u16)*input3; /* Arithmetic.java:27 */
	results_put(0, (__s64)(__s32)((__u32)x + (__u32)y)); /* Arithmetic.java:28 */
	results_put(1, (__s64)(__s32)((__u32)x - 7)); /* Arithmetic.java:29 */
	results_put(2, (__s64)(__s32)((__u32)x * x)); /* Arithmetic.java:30 */
	results_put(3, (__s64)(__s32)-(__u32)x); /* Arithmetic.java:31 */
	results_put(4, (__s64)~x); /* Arithmetic.java:32 */
	results_put(5, (__s64)(__s32)((__u32)x + x + x)); /* Arithmetic.java:33 */
	results_put(6, (__s64)(__s32)((__u32)x << ((__s32)y & 31))); /* Arithmetic.java:34 */
	results_put(7, (__s64)(x >> ((__s32)y & 31))); /* Arithmetic.java:35 */
	results_put(8, (__s64)(__s32)((__u32)x >> ((__s32)y & 31))); /* Arithmetic.java:36 */
	results_put(9, (__s64)(__s32)((__u32)x >> 3)); /* Arithmetic.java:37 */
	results_put(10, (__s64)((__s32)((__u32)x + 1) >> 1)); /* Arithmetic.java:38 */
	results_put(11, (__s64)((__u64)y + y)); /* Arithmetic.java:39 */
	results_put(12, (__s64)((__u64)y * (__u64)x)); /* Arithmetic.java:40 */
	results_put(13, (__s64)((__u64)y << (x & 63))); /* Arithmetic.java:41 */
	results_put(14, y >> (x & 63)); /* Arithmetic.java:42 */
	results_put(15, (__s64)((__u64)y >> (x & 63))); /* Arithmetic.java:43 */
	results_put(16, (__s64)-(__u64)y); /* Arithmetic.java:44 */
	results_put(17, (__s64)(__s32)((__u32)x / 10)); /* Arithmetic.java:45 */
	results_put(18, (__s64)(__s32)((__u32)x % 7)); /* Arithmetic.java:46 */
	results_put(19, (__s64)((__u64)y / 0xfffffffffffffffdUL)); /* Arithmetic.java:47 */
	results_put(20, (__s64)(__s8)x); /* Arithmetic.java:48 */
	results_put(21, (__s64)(__s16)((__u32)x * 3)); /* Arithmetic.java:49 */
	results_put(22, (__s64)(__u16)x); /* Arithmetic.java:50 */
	results_put(23, (__s64)(__s32)y); /* Arithmetic.java:51 */
	results_put(24, (__s64)(__s32)((__u32)s * c)); /* Arithmetic.java:52 */
	results_put(25, (__s64)(__s32)((__u32)c * c)); /* Arithmetic.java:53 */
	results_put(26, (__s64)(s >> 1)); /* Arithmetic.java:54 */
	results_put(27, (__s64)(x & 4080) | (y ^ 5L)); /* Arithmetic.java:55 */
	results_put(28, x < 0 ? 1L : 0L); /* Arithmetic.java:56 */
	results_put(29, (__u32)x + 1 == 0 ? 1L : 0L); /* Arithmetic.java:57 */
	results_put(30, (__u32)x < 5 ? 1L : 0L); /* Arithmetic.java:58 */
	results_put(31, (__u64)y > 0xfffffffffffffffeUL ? 1L : 0L); /* Arithmetic.java:59 */
	results_put(32, (__s64)x >= y ? 1L : 0L); /* Arithmetic.java:60 */
	results_put(33, (x > 3 && y != 0L) || c == 65 ? 1L : 0L); /* Arithmetic.java:61 */
	results_put(34, (__s64)(x < 0 ? (__s32)-(__u32)x : x)); /* Arithmetic.java:62 */
	results_put(35, (__s64)compare_unsigned32(x, -5)); /* Arithmetic.java:63 */
	results_put(36, (__s64)compare_unsigned64(y, 9L)); /* Arithmetic.java:64 */
	results_put(37, (__s64)(__s32)__builtin_bswap32(x)); /* Arithmetic.java:65 */
	results_put(38, (__s64)__builtin_bswap64(y)); /* Arithmetic.java:66 */
	results_put(39, (__s64)(__s16)__builtin_bswap16(s)); /* Arithmetic.java:67 */
	results_put(40, (__s64)__builtin_bswap16(c)); /* Arithmetic.java:68 */
	results_put(41, (__s64)((__u64)(__u32)x + 1L)); /* Arithmetic.java:69 */
	results_put(42, (__s64)(__s32)(((__u32)x + 2147483647) * 2 - 1)); /* Arithmetic.java:70 */
	results_put(43, (__s64)((__u64)(-9223372036854775807L - 1) - y)); /* Arithmetic.java:71 */
	results_put(44, (__s64)(__s32)((__u32)(-2147483647 - 1) / 0xffffffffU)); /* Arithmetic.java:72 */
	return 2; /* Arithmetic.java:73 */
}

char LICENSE[] SEC("license") = "GPL";
