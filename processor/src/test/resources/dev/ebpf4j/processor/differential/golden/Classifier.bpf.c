/* Classifier.java: lpm.Classifier, rendered as C by ebpf4j. */
#include "ebpf4j.h"

/* record lpm.Classifier$Ipv6Address */
struct Classifier_Ipv6Address {
	__s64 high;
	__s64 low;
};
_Static_assert(sizeof(struct Classifier_Ipv6Address) == 16, "lpm.Classifier$Ipv6Address is laid out as the Java side expects");

/* record lpm.Classifier$Zone */
struct Classifier_Zone {
	__s32 id;
	__s16 weight;
};
_Static_assert(sizeof(struct Classifier_Zone) == 8, "lpm.Classifier$Zone is laid out as the Java side expects");

/* record lpm.Classifier$Tagged */
struct Classifier_Tagged {
	__s8 protocol;
	__s32 address;
	__s16 port;
};
_Static_assert(sizeof(struct Classifier_Tagged) == 12, "lpm.Classifier$Tagged is laid out as the Java side expects");

/* BpfLpmTrie zones: java.lang.Integer addresses, big-endian after the prefix length */
struct zones_lpm_key {
	__u32 prefixlen;
	__u8 data[4];
} __attribute__((packed));
_Static_assert(sizeof(struct zones_lpm_key) == 8, "the key of zones is the prefix length and 4 address bytes");
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 16);
	__type(key, struct zones_lpm_key);
	__type(value, __s32);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} zones SEC(".maps");

/* BpfLpmTrie zones6: lpm.Classifier$Ipv6Address addresses, big-endian after the prefix length */
struct zones6_lpm_key {
	__u32 prefixlen;
	__u8 data[16];
} __attribute__((packed));
_Static_assert(sizeof(struct zones6_lpm_key) == 20, "the key of zones6 is the prefix length and 16 address bytes");
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 16);
	__type(key, struct zones6_lpm_key);
	__type(value, struct Classifier_Zone);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} zones6 SEC(".maps");

/* BpfLpmTrie learned: java.lang.Long addresses, big-endian after the prefix length */
struct learned_lpm_key {
	__u32 prefixlen;
	__u8 data[8];
} __attribute__((packed));
_Static_assert(sizeof(struct learned_lpm_key) == 12, "the key of learned is the prefix length and 8 address bytes");
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 64);
	__type(key, struct learned_lpm_key);
	__type(value, __s64);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} learned SEC(".maps");

/* BpfLpmTrie tagged: lpm.Classifier$Tagged addresses, big-endian after the prefix length */
struct tagged_lpm_key {
	__u32 prefixlen;
	__u8 data[7];
} __attribute__((packed));
_Static_assert(sizeof(struct tagged_lpm_key) == 11, "the key of tagged is the prefix length and 7 address bytes");
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 8);
	__type(key, struct tagged_lpm_key);
	__type(value, __s32);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} tagged SEC(".maps");

/* BpfArray results */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __s32);
	__type(value, __s32);
} results SEC(".maps");

static __always_inline __s32 *zones_get(__s32 key_prefixlen, __s32 key_address)
{
	struct zones_lpm_key key __attribute__((aligned(8)));
	key.prefixlen = key_prefixlen;
	key.data[0] = (__u8)((__u32)key_address >> 24);
	key.data[1] = (__u8)((__u32)key_address >> 16);
	key.data[2] = (__u8)((__u32)key_address >> 8);
	key.data[3] = (__u8)((__u32)key_address);
	return bpf_map_lookup_elem(&zones, &key);
}

static __always_inline bool zones_contains_key(__s32 key_prefixlen, __s32 key_address)
{
	struct zones_lpm_key key __attribute__((aligned(8)));
	key.prefixlen = key_prefixlen;
	key.data[0] = (__u8)((__u32)key_address >> 24);
	key.data[1] = (__u8)((__u32)key_address >> 16);
	key.data[2] = (__u8)((__u32)key_address >> 8);
	key.data[3] = (__u8)((__u32)key_address);
	return bpf_map_lookup_elem(&zones, &key) != NULL;
}

static __always_inline struct Classifier_Zone *zones6_get(__s32 key_prefixlen, __s64 key_high, __s64 key_low)
{
	struct zones6_lpm_key key __attribute__((aligned(8)));
	key.prefixlen = key_prefixlen;
	key.data[0] = (__u8)((__u64)key_high >> 56);
	key.data[1] = (__u8)((__u64)key_high >> 48);
	key.data[2] = (__u8)((__u64)key_high >> 40);
	key.data[3] = (__u8)((__u64)key_high >> 32);
	key.data[4] = (__u8)((__u64)key_high >> 24);
	key.data[5] = (__u8)((__u64)key_high >> 16);
	key.data[6] = (__u8)((__u64)key_high >> 8);
	key.data[7] = (__u8)((__u64)key_high);
	key.data[8] = (__u8)((__u64)key_low >> 56);
	key.data[9] = (__u8)((__u64)key_low >> 48);
	key.data[10] = (__u8)((__u64)key_low >> 40);
	key.data[11] = (__u8)((__u64)key_low >> 32);
	key.data[12] = (__u8)((__u64)key_low >> 24);
	key.data[13] = (__u8)((__u64)key_low >> 16);
	key.data[14] = (__u8)((__u64)key_low >> 8);
	key.data[15] = (__u8)((__u64)key_low);
	return bpf_map_lookup_elem(&zones6, &key);
}

static __always_inline bool zones6_contains_key(__s32 key_prefixlen, __s64 key_high, __s64 key_low)
{
	struct zones6_lpm_key key __attribute__((aligned(8)));
	key.prefixlen = key_prefixlen;
	key.data[0] = (__u8)((__u64)key_high >> 56);
	key.data[1] = (__u8)((__u64)key_high >> 48);
	key.data[2] = (__u8)((__u64)key_high >> 40);
	key.data[3] = (__u8)((__u64)key_high >> 32);
	key.data[4] = (__u8)((__u64)key_high >> 24);
	key.data[5] = (__u8)((__u64)key_high >> 16);
	key.data[6] = (__u8)((__u64)key_high >> 8);
	key.data[7] = (__u8)((__u64)key_high);
	key.data[8] = (__u8)((__u64)key_low >> 56);
	key.data[9] = (__u8)((__u64)key_low >> 48);
	key.data[10] = (__u8)((__u64)key_low >> 40);
	key.data[11] = (__u8)((__u64)key_low >> 32);
	key.data[12] = (__u8)((__u64)key_low >> 24);
	key.data[13] = (__u8)((__u64)key_low >> 16);
	key.data[14] = (__u8)((__u64)key_low >> 8);
	key.data[15] = (__u8)((__u64)key_low);
	return bpf_map_lookup_elem(&zones6, &key) != NULL;
}

static __always_inline bool learned_put(__s32 key_prefixlen, __s64 key_address, __s64 value)
{
	struct learned_lpm_key key __attribute__((aligned(8)));
	key.prefixlen = key_prefixlen;
	key.data[0] = (__u8)((__u64)key_address >> 56);
	key.data[1] = (__u8)((__u64)key_address >> 48);
	key.data[2] = (__u8)((__u64)key_address >> 40);
	key.data[3] = (__u8)((__u64)key_address >> 32);
	key.data[4] = (__u8)((__u64)key_address >> 24);
	key.data[5] = (__u8)((__u64)key_address >> 16);
	key.data[6] = (__u8)((__u64)key_address >> 8);
	key.data[7] = (__u8)((__u64)key_address);
	return bpf_map_update_elem(&learned, &key, &value, BPF_ANY) == 0;
}

static __always_inline bool learned_remove(__s32 key_prefixlen, __s64 key_address)
{
	struct learned_lpm_key key __attribute__((aligned(8)));
	key.prefixlen = key_prefixlen;
	key.data[0] = (__u8)((__u64)key_address >> 56);
	key.data[1] = (__u8)((__u64)key_address >> 48);
	key.data[2] = (__u8)((__u64)key_address >> 40);
	key.data[3] = (__u8)((__u64)key_address >> 32);
	key.data[4] = (__u8)((__u64)key_address >> 24);
	key.data[5] = (__u8)((__u64)key_address >> 16);
	key.data[6] = (__u8)((__u64)key_address >> 8);
	key.data[7] = (__u8)((__u64)key_address);
	return bpf_map_delete_elem(&learned, &key) == 0;
}

static __always_inline __s32 *tagged_get(__s32 key_prefixlen, __s8 key_protocol, __s32 key_address, __s16 key_port)
{
	struct tagged_lpm_key key __attribute__((aligned(8)));
	key.prefixlen = key_prefixlen;
	key.data[0] = (__u8)((__u32)key_protocol);
	key.data[1] = (__u8)((__u32)key_address >> 24);
	key.data[2] = (__u8)((__u32)key_address >> 16);
	key.data[3] = (__u8)((__u32)key_address >> 8);
	key.data[4] = (__u8)((__u32)key_address);
	key.data[5] = (__u8)((__u32)key_port >> 8);
	key.data[6] = (__u8)((__u32)key_port);
	return bpf_map_lookup_elem(&tagged, &key);
}

static __always_inline bool results_put(__s32 key, __s32 value)
{
	return bpf_map_update_elem(&results, &key, &value, BPF_ANY) == 0;
}

/* Classifier.java:27: @Xdp */
SEC("xdp")
int classify(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	struct Ethernet *eth = xdp_ethernet(ctx); /* Classifier.java:29 */
	if (eth == NULL) { /* Classifier.java:30 */
		return 2;
	}
	struct Ipv4 *ip = ethernet_ipv4(eth, data_end); /* Classifier.java:31 */
	if (ip != NULL) { /* Classifier.java:32 */
		__s32 *known_ptr = zones_get(32, ipv4_source(ip)); /* Classifier.java:33 */
		bool known_present = known_ptr != NULL;
		__s32 known = 0;
		if (known_ptr != NULL) {
			known = *known_ptr;
		}
		__s32 zone = known_present ? known : -1; /* Classifier.java:34 */
		results_put(0, zone); /* Classifier.java:35 */
		bool found = zones_contains_key(32, ipv4_destination(ip)); /* Classifier.java:36 */
		results_put(1, found ? 1 : 0);
		__s32 length = ipv4_destination(ip) & 127; /* Classifier.java:38 */
		bool stored = learned_put(length, (__s64)((__u64)ipv4_source(ip) << 32) | 65535L, (__s64)zone); /* Classifier.java:39 */
		bool removed = learned_remove((__s32)((__u32)ipv4_destination(ip) >> 8) & 127, 720575940379279360L); /* Classifier.java:40 */
		results_put(2, (stored ? 1 : 0) | (removed ? 2 : 0)); /* Classifier.java:41 */
		__s32 *rule_ptr = tagged_get(56, (__s8)ipv4_protocol(ip), ipv4_destination(ip), -2); /* Classifier.java:42 */
		bool rule_present = rule_ptr != NULL;
		__s32 rule = 0;
		if (rule_ptr != NULL) {
			rule = *rule_ptr;
		}
		results_put(3, rule_present ? rule : -1); /* Classifier.java:43 */
		return zone < 0 ? 1 : 2; /* Classifier.java:44 */
	}
	struct Ipv6 *ip6 = ethernet_ipv6(eth, data_end); /* Classifier.java:46 */
	if (ip6 != NULL) { /* Classifier.java:47 */
		struct Classifier_Zone *z_ptr = zones6_get(128, ipv6_source_high(ip6), ipv6_source_low(ip6)); /* Classifier.java:48 */
		bool z_present = z_ptr != NULL;
		__s32 z_id = 0;
		__s16 z_weight = 0;
		if (z_ptr != NULL) {
			z_id = z_ptr->id;
			z_weight = z_ptr->weight;
		}
		if (!z_present) { /* Classifier.java:49 */
			results_put(0, -1); /* Classifier.java:50 */
			return 1; /* Classifier.java:51 */
		}
		results_put(0, (__s32)((__u32)z_id * 1000 + z_weight)); /* Classifier.java:53 */
		bool found_1 = zones6_contains_key(128, ipv6_destination_high(ip6), ipv6_destination_low(ip6)); /* Classifier.java:54 */
		results_put(1, found_1 ? 1 : 0);
		return 2; /* Classifier.java:55 */
	}
	return 2; /* Classifier.java:57 */
}

char LICENSE[] SEC("license") = "GPL";
