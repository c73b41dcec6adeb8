/* rnd.h - the benchmark generators' random numbers: xorshift64 from the
 * seed RND_SEED that the including file defines, so the same run gives
 * the same bytes. */
static unsigned long long rng = RND_SEED;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)((rng >> 11) % n);
}
