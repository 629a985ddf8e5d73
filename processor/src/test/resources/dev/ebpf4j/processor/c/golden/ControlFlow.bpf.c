/* ControlFlow.java: dev.example.ControlFlow, rendered as C by ebpf4j. */
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

/* ControlFlow.java:11: static XdpAction sum(ctx) */
SEC("xdp")
int sum(struct xdp_md *ctx)
{
	__s64 *input = inputs_get(0); /* ControlFlow.java:12 */
	if (input == NULL) { /* ControlFlow.java:13 */
		return 0; /* ControlFlow.java:14 */
	}
	__s32 n = (__s32)*input; /* ControlFlow.java:15 */
	if (n < 0 || n > 20) { /* ControlFlow.java:16 */
		return 0; /* ControlFlow.java:17 */
	}
	__s32 sum_ = 0; /* ControlFlow.java:18 */
	__s32 i = 0; /* ControlFlow.java:19 */
	for (; i < n; i = (__s32)((__u32)i + 1)) { /* ControlFlow.java:20 */
		if (i == 3) { /* ControlFlow.java:21 */
			continue; /* ControlFlow.java:22 */
		}
		if (i == 8) { /* ControlFlow.java:23 */
			break; /* ControlFlow.java:24 */
		}
		sum_ = (__s32)((__u32)sum_ + i); /* ControlFlow.java:25 */
	}
	results_put(0, (__s64)sum_); /* ControlFlow.java:27 */
	return 2; /* ControlFlow.java:28 */
}

/* ControlFlow.java:29: static XdpAction pairs(ctx) */
SEC("xdp")
int pairs(struct xdp_md *ctx)
{
	__s64 *input = inputs_get(0); /* ControlFlow.java:30 */
	if (input == NULL) { /* ControlFlow.java:31 */
		return 0; /* ControlFlow.java:32 */
	}
	__s32 n = (__s32)*input; /* ControlFlow.java:33 */
	if (n < 0 || n > 20) { /* ControlFlow.java:34 */
		return 0; /* ControlFlow.java:35 */
	}
	__s32 pairs_ = 0; /* ControlFlow.java:36 */
	__s32 i = 0; /* ControlFlow.java:37 */
	for (; i < 5; i = (__s32)((__u32)i + 1)) { /* ControlFlow.java:38 */
		__s32 j = 0; /* ControlFlow.java:39 */
		for (; j < 5; j = (__s32)((__u32)j + 1)) { /* ControlFlow.java:40 */
			if (j > i) { /* ControlFlow.java:41 */
				goto outer_continue; /* ControlFlow.java:42 */
			}
			if ((__u32)i + j == n) { /* ControlFlow.java:43 */
				goto outer_break; /* ControlFlow.java:44 */
			}
			pairs_ = (__s32)((__u32)pairs_ + 1); /* ControlFlow.java:45 */
		}
	outer_continue: ;
	}
outer_break: ;
	results_put(1, (__s64)pairs_); /* ControlFlow.java:48 */
	return 2; /* ControlFlow.java:49 */
}

/* ControlFlow.java:50: static XdpAction doWhile(ctx) */
SEC("xdp")
int doWhile(struct xdp_md *ctx)
{
	__s64 *input = inputs_get(0); /* ControlFlow.java:51 */
	if (input == NULL) { /* ControlFlow.java:52 */
		return 0; /* ControlFlow.java:53 */
	}
	__s32 n = (__s32)*input; /* ControlFlow.java:54 */
	if (n < 0 || n > 20) { /* ControlFlow.java:55 */
		return 0; /* ControlFlow.java:56 */
	}
	__s32 k = 0; /* ControlFlow.java:57 */
	do { /* ControlFlow.java:58 */
		k = (__s32)((__u32)k + 3); /* ControlFlow.java:59 */
	} while (k < n && k < 21);
	results_put(2, (__s64)k); /* ControlFlow.java:60 */
	return 2; /* ControlFlow.java:61 */
}

/* ControlFlow.java:62: static XdpAction forever(ctx) */
SEC("xdp")
int forever(struct xdp_md *ctx)
{
	__s64 *input = inputs_get(0); /* ControlFlow.java:63 */
	if (input == NULL) { /* ControlFlow.java:64 */
		return 0; /* ControlFlow.java:65 */
	}
	__s32 n = (__s32)*input; /* ControlFlow.java:66 */
	if (n < 0 || n > 20) { /* ControlFlow.java:67 */
		return 0; /* ControlFlow.java:68 */
	}
	__s32 steps = 0; /* ControlFlow.java:69 */
	for (;;) { /* ControlFlow.java:70 */
		steps = (__s32)((__u32)steps + 1); /* ControlFlow.java:71 */
		if ((__s32)((__u32)steps * steps) > n || steps > 5) { /* ControlFlow.java:72 */
			break; /* ControlFlow.java:73 */
		}
	}
	results_put(3, (__s64)steps); /* ControlFlow.java:74 */
	return 2; /* ControlFlow.java:75 */
}

/* ControlFlow.java:76: static XdpAction block(ctx) */
SEC("xdp")
int block(struct xdp_md *ctx)
{
	__s64 *input = inputs_get(0); /* ControlFlow.java:77 */
	if (input == NULL) { /* ControlFlow.java:78 */
		return 0; /* ControlFlow.java:79 */
	}
	__s32 n = (__s32)*input; /* ControlFlow.java:80 */
	if (n < 0 || n > 20) { /* ControlFlow.java:81 */
		return 0; /* ControlFlow.java:82 */
	}
	__s32 block_ = 0; /* ControlFlow.java:83 */
	{ /* ControlFlow.java:84 */
		block_ = 1; /* ControlFlow.java:85 */
		if (n > 5) { /* ControlFlow.java:86 */
			goto found_break; /* ControlFlow.java:87 */
		}
		block_ = 2; /* ControlFlow.java:88 */
	found_break: ;
	}
	results_put(4, (__s64)block_); /* ControlFlow.java:89 */
	return 2; /* ControlFlow.java:90 */
}

/* ControlFlow.java:91: static XdpAction chain(ctx) */
SEC("xdp")
int chain(struct xdp_md *ctx)
{
	__s64 *input = inputs_get(0); /* ControlFlow.java:92 */
	if (input == NULL) { /* ControlFlow.java:93 */
		return 0; /* ControlFlow.java:94 */
	}
	__s32 n = (__s32)*input; /* ControlFlow.java:95 */
	if (n < 0 || n > 20) { /* ControlFlow.java:96 */
		return 0; /* ControlFlow.java:97 */
	}
	__s32 kind; /* ControlFlow.java:98 */
	if (n == 0) { /* ControlFlow.java:99 */
		kind = 10; /* ControlFlow.java:100 */
	} else if (n < 5) { /* ControlFlow.java:101 */
		kind = 20; /* ControlFlow.java:102 */
	} else if (n < 10) { /* ControlFlow.java:103 */
		kind = 30; /* ControlFlow.java:104 */
	} else {
		kind = 40; /* ControlFlow.java:105 */
	}
	results_put(5, (__s64)kind); /* ControlFlow.java:106 */
	return 2; /* ControlFlow.java:107 */
}

/* ControlFlow.java:108: static XdpAction odd(ctx) */
SEC("xdp")
int odd(struct xdp_md *ctx)
{
	__s64 *input = inputs_get(0); /* ControlFlow.java:109 */
	if (input == NULL) { /* ControlFlow.java:110 */
		return 0; /* ControlFlow.java:111 */
	}
	__s32 n = (__s32)*input; /* ControlFlow.java:112 */
	if (n < 0 || n > 20) { /* ControlFlow.java:113 */
		return 0; /* ControlFlow.java:114 */
	}
	__s32 m = 0; /* ControlFlow.java:115 */
	__s32 odd_ = 0; /* ControlFlow.java:116 */
	while (m < 20) { /* ControlFlow.java:117 */
		if (m >= n) { /* ControlFlow.java:118 */
			break; /* ControlFlow.java:119 */
		}
		if ((m & 1) == 0) { /* ControlFlow.java:120 */
			goto loop1_continue; /* ControlFlow.java:121 */
		}
		odd_ = (__s32)((__u32)odd_ + 100); /* ControlFlow.java:122 */
	loop1_continue: ;
		{ /* ControlFlow.java:123 */
			odd_ = (__s32)((__u32)odd_ + (m & 1)); /* ControlFlow.java:124 */
			m = (__s32)((__u32)m + 1); /* ControlFlow.java:125 */
		}
	}
	results_put(6, (__s64)odd_); /* ControlFlow.java:126 */
	return 2; /* ControlFlow.java:127 */
}

char LICENSE[] SEC("license") = "GPL";
