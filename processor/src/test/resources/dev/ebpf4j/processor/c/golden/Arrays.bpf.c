/* Arrays.java: dev.example.Arrays, rendered as C by ebpf4j. */
#include "ebpf4j.h"

/* record dev.example.Arrays$Key */
struct Arrays_Key {
	__s8 addr[4];
	__s32 port;
};
_Static_assert(sizeof(struct Arrays_Key) == 8, "dev.example.Arrays$Key is laid out as the Java side expects");

/* record dev.example.Arrays$Seen */
struct Arrays_Seen {
	__u16 tags[3];
	__u8 flag;
};
_Static_assert(sizeof(struct Arrays_Seen) == 8, "dev.example.Arrays$Seen is laid out as the Java side expects");

/* BpfHashMap seen */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, struct Arrays_Key);
	__type(value, struct Arrays_Seen);
} seen SEC(".maps");

static __always_inline struct Arrays_Seen *seen_get(const __s8 *key_addr, __s32 key_port)
{
	struct Arrays_Key key;
	__builtin_memset(&key, 0, sizeof(key));
	__builtin_memcpy(key.addr, key_addr, sizeof(key.addr));
	key.port = key_port;
	return bpf_map_lookup_elem(&seen, &key);
}

static __always_inline bool seen_put(const __s8 *key_addr, __s32 key_port, const __u16 *value_tags, bool value_flag)
{
	struct Arrays_Key key;
	__builtin_memset(&key, 0, sizeof(key));
	__builtin_memcpy(key.addr, key_addr, sizeof(key.addr));
	key.port = key_port;
	struct Arrays_Seen value;
	__builtin_memset(&value, 0, sizeof(value));
	__builtin_memcpy(value.tags, value_tags, sizeof(value.tags));
	value.flag = value_flag;
	return bpf_map_update_elem(&seen, &key, &value, BPF_ANY) == 0;
}

/* Arrays.java:11: static XdpAction run(ctx) */
SEC("xdp")
int run(struct xdp_md *ctx)
{
	__s8 a[4] = {0}; /* Arrays.java:12 */
	__s32 n = xdp_length(ctx); /* Arrays.java:13 */
	a[0] = (__s8)n; /* Arrays.java:14 */
	a[(__u32)(n & 3) & 3] = 7; /* Arrays.java:15 */
	struct Arrays_Seen *old_ptr = seen_get(a, 80); /* Arrays.java:16 */
	__u16 tags[3] = {0}; /* Arrays.java:17 */
	if (old_ptr != NULL) { /* Arrays.java:18 */
		__builtin_memcpy(tags, old_ptr->tags, sizeof(tags)); /* Arrays.java:19 */
	}
	tags[({ __u32 __i = (__u32)(n & 1); __i < 3 ? __i : 0; })] = (__u16)((__u32)tags[2] + a[1]); /* Arrays.java:20 */
	seen_put(a, 80, tags, true); /* Arrays.java:21 */
	return 2; /* Arrays.java:22 */
}

char LICENSE[] SEC("license") = "GPL";
