using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.IO;
using KerasVis.Reference.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods.TfKerasVis;

/// <summary>Every step of one Saliency call (vanilla saliency, and the part SmoothGrad shares).</summary>
[Part]
public sealed record SaliencySteps(
    [Output("float32", "(N, classes)", "the model's output (of the first noisy sample for SmoothGrad)")] NpyArray Outputs,
    [Output("float32", "(N, H, W, Cin)", "|∂score/∂X|, averaged over the samples for SmoothGrad")] NpyArray Grads,
    [Output("float32", "(N, H, W)", "normalize(max over Cin of grads)")] NpyArray Map);

/// <summary>Every step of one SmoothGrad call: the saliency steps and the noise scale.</summary>
public sealed record SmoothGradSteps(
    SaliencySteps Saliency,
    [Output("float32", "(S, N)", "σ per sample, repeated per draw")] NpyArray Sigma);

/// <summary>
/// tf-keras-vis <c>Saliency</c> (tf_keras_vis/saliency.py) with <c>keepdims=False, normalize_map=True</c>:
/// <code>
///   vanilla:     g = | ∂(Σ_n score_n)/∂X |                                   (N, H, W, Cin)
///   SmoothGrad:  σ[n] = smooth_noise · (max X[n] − min X[n])                   float32, over H, W, Cin
///                Xs   = X + float32( σ · z[s] )   for s = 0 … S−1           z: standard-normal draws, float64
///                g    = ( Σ_s | ∂score/∂Xs | ) / S                             |·| per sample BEFORE the mean
///   map = normalize( max over Cin of g )                                     MAX over channels (not sum, not mean)
/// </code>
/// tf-keras-vis draws z from NumPy's global RNG (<c>np.random.normal(0, σ)</c> = σ·z in float64), so its noise is not
/// reproducible from a seed in another language: the portable form takes z as input (<see cref="SmoothGrad"/>);
/// <see cref="SmoothGradSeeded"/> draws z itself (MathNet's Mersenne Twister) and is documented as not portable.
/// </summary>
public static class Saliency
{
    /// <summary>How many images one SmoothGrad pass differentiates at once (noisy copies of the batch, S·N in all):
    /// batching amortises the per-pass cost; the cap keeps VGG16's activations for the backward pass near 1 GB.</summary>
    public const long SamplesPerPass = 4;

    public static SaliencySteps Vanilla(SpecNet net, Tensor x, IReadOnlyList<int> indices)
    {
        using var scope = NewDisposeScope();
        var (outputs, g) = AbsGradient(net, x, indices);
        var gn = NpyTensor.ToNpy(g);
        return new SaliencySteps(NpyTensor.ToNpy(outputs), gn, Plumbing.Normalize(NpyTensor.ToNpy(g.amax(-1))));
    }

    /// <param name="z">standard-normal draws (S, N, H, W, Cin), float64</param>
    /// <param name="progress">called after each pass with the samples done and all S (a VGG16 pass takes seconds)</param>
    public static SmoothGradSteps SmoothGrad(SpecNet net, Tensor x, IReadOnlyList<int> indices, NpyArray z, float smoothNoise = 0.20f,
        Action<long, long>? progress = null)
    {
        using var scope = NewDisposeScope();
        if (z.DType != NpyDType.Float64 || z.Shape.Length != x.dim() + 1 || !z.Shape.Skip(1).SequenceEqual(x.shape))
            throw new ArgumentException($"SmoothGrad noise must be float64 of shape (S, {string.Join(", ", x.shape)}), " +
                $"got {NpyDTypes.Descr(z.DType)} {NpyArray.FormatShape(z.Shape)}");
        long S = z.Shape[0];
        var dims = Enumerable.Range(1, (int)x.dim() - 1).Select(d => (long)d).ToArray();
        var sigma = (x.amax(dims, keepdim: true) - x.amin(dims, keepdim: true)) * smoothNoise;   // (N,1,1,1) float32
        var zt = NpyTensor.ToTensor(z).to(x.device);
        long n = x.shape[0], chunk = Math.Max(1, SamplesPerPass / n);   // noisy copies batched, a few images per pass
        var noisy = x.unsqueeze(0) + (sigma.to_type(ScalarType.Float64).unsqueeze(0) * zt).to_type(x.dtype);  // (S, N, …)
        Tensor? total = null, outputs = null;
        for (long s0 = 0; s0 < S; s0 += chunk)
        {
            long k = Math.Min(chunk, S - s0);
            using var pass = NewDisposeScope();
            var batch = noisy.narrow(0, s0, k).reshape([k * n, .. x.shape.Skip(1)]);
            var (o, g) = AbsGradient(net, batch, [.. Enumerable.Repeat(indices, (int)k).SelectMany(i => i)]);
            var gs = g.reshape([k, .. x.shape]);
            var sum = total;
            for (long j = 0; j < k; j++) sum = sum is null ? gs[j].clone() : sum + gs[j];   // summed in sample order
            total = sum!.MoveToOuterDisposeScope();
            if (outputs is null) outputs = o.narrow(0, 0, n).clone().MoveToOuterDisposeScope();
            progress?.Invoke(s0 + k, S);
        }
        var mean = total! / (float)S;
        return new SmoothGradSteps(new SaliencySteps(NpyTensor.ToNpy(outputs!), NpyTensor.ToNpy(mean), Plumbing.Normalize(NpyTensor.ToNpy(mean.amax(-1)))),
            NpyTensor.ToNpy(sigma.reshape(1, -1).expand(S, -1).contiguous()));
    }

    /// <summary>SmoothGrad with noise drawn here from <paramref name="seed"/>: a convenience, NOT portable (no other
    /// library draws the same numbers; tf-keras-vis uses NumPy's global RNG).</summary>
    public static SmoothGradSteps SmoothGradSeeded(SpecNet net, Tensor x, IReadOnlyList<int> indices, int samples, int seed, float smoothNoise = 0.20f,
        Action<long, long>? progress = null)
    {
        var shape = new[] { (long)samples }.Concat(x.shape).ToArray();
        var normal = new MathNet.Numerics.Distributions.Normal(0, 1, new MathNet.Numerics.Random.MersenneTwister(seed));
        var z = new double[NpyArray.Count(shape)];
        normal.Samples(z);
        return SmoothGrad(net, x, indices, NpyArray.FromDoubles(z, shape), smoothNoise, progress);
    }

    static (Tensor Outputs, Tensor AbsGrad) AbsGradient(SpecNet net, Tensor x, IReadOnlyList<int> indices)
    {
        var cap = net.GradientAt(x, null, outputs => Plumbing.CategoricalScore(outputs, indices));
        return (cap.Output, cap.Gradient.abs());
    }
}
