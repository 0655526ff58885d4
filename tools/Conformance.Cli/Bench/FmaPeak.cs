using System.Diagnostics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KerasVis.Cli.Bench;

/// <summary>
/// This CPU's float32 multiply-add peak on <c>threads</c> threads, measured: each thread runs twelve independent chains
/// <c>a ← a · m + c</c> of the widest fused multiply-add the CPU has (AVX-512: 16 lanes, AVX2 + FMA: 8), enough chains to
/// cover the instruction's latency on every FMA unit, for a fixed count of iterations; the best of five runs is the peak
/// in G FMA/s (one FMA = one multiply and one add of one lane). The forward's share of it is its multiply-adds (every
/// convolution's and dense layer's, <see cref="ForwardFmas"/>) per second over this figure.
/// </summary>
public static class FmaPeak
{
    const int Chains = 12;

    public static (double GFmaPerSecond, string Unit) Measure(int threads, long iterations = 100_000_000)
    {
        string unit = Avx512F.IsSupported ? "AVX-512 FMA, 16 lanes" : Fma.IsSupported ? "AVX2 FMA, 8 lanes" : "no FMA instruction";
        if (!Avx512F.IsSupported && !Fma.IsSupported) return (double.NaN, unit);
        int lanes = Avx512F.IsSupported ? 16 : 8;
        double best = 0;
        for (int run = 0; run < 5; run++)
        {
            var clock = Stopwatch.StartNew();
            var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() => Sink(Avx512F.IsSupported ? Chains512(iterations) : Chains256(iterations))))
                .ToList();
            workers.ForEach(t => t.Start());
            workers.ForEach(t => t.Join());
            best = Math.Max(best, threads * iterations * (double)Chains * lanes / clock.Elapsed.TotalSeconds / 1e9);
        }
        return (best, unit);
    }

    static float sink;
    static void Sink(float v) => Volatile.Write(ref sink, v);   // keeps the chains' results alive

    static float Chains512(long n)
    {
        Vector512<float> m = Vector512.Create(0.9999999f), c = Vector512.Create(1e-7f), a0 = Vector512.Create(1f), a1 = a0, a2 = a0, a3 = a0,
            a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (long i = 0; i < n; i++)
        {
            a0 = Avx512F.FusedMultiplyAdd(a0, m, c); a1 = Avx512F.FusedMultiplyAdd(a1, m, c); a2 = Avx512F.FusedMultiplyAdd(a2, m, c);
            a3 = Avx512F.FusedMultiplyAdd(a3, m, c); a4 = Avx512F.FusedMultiplyAdd(a4, m, c); a5 = Avx512F.FusedMultiplyAdd(a5, m, c);
            a6 = Avx512F.FusedMultiplyAdd(a6, m, c); a7 = Avx512F.FusedMultiplyAdd(a7, m, c); a8 = Avx512F.FusedMultiplyAdd(a8, m, c);
            a9 = Avx512F.FusedMultiplyAdd(a9, m, c); a10 = Avx512F.FusedMultiplyAdd(a10, m, c); a11 = Avx512F.FusedMultiplyAdd(a11, m, c);
        }
        return (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11).GetElement(0);
    }

    static float Chains256(long n)
    {
        Vector256<float> m = Vector256.Create(0.9999999f), c = Vector256.Create(1e-7f), a0 = Vector256.Create(1f), a1 = a0, a2 = a0, a3 = a0,
            a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (long i = 0; i < n; i++)
        {
            a0 = Fma.MultiplyAdd(a0, m, c); a1 = Fma.MultiplyAdd(a1, m, c); a2 = Fma.MultiplyAdd(a2, m, c); a3 = Fma.MultiplyAdd(a3, m, c);
            a4 = Fma.MultiplyAdd(a4, m, c); a5 = Fma.MultiplyAdd(a5, m, c); a6 = Fma.MultiplyAdd(a6, m, c); a7 = Fma.MultiplyAdd(a7, m, c);
            a8 = Fma.MultiplyAdd(a8, m, c); a9 = Fma.MultiplyAdd(a9, m, c); a10 = Fma.MultiplyAdd(a10, m, c); a11 = Fma.MultiplyAdd(a11, m, c);
        }
        return (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11).GetElement(0);
    }
}
