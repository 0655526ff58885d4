using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.IO;
using KerasVis.Reference.Models;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods.Captum;

/// <summary>The attribution NoiseTunnel smooths.</summary>
public enum NoiseTunnelBase { Saliency, InputXGradient, IntegratedGradients }

/// <summary>NoiseTunnel's smoothing (captum's NoiseTunnelType).</summary>
public enum NoiseTunnelType { Smoothgrad, SmoothgradSq, Vargrad }

/// <summary>Every step of one NoiseTunnel.attribute call.</summary>
public sealed record NoiseTunnelSteps(
    [Output("float32", "(N·nt_samples, ...)", "the base method's attribution of each noisy input (input n's samples consecutive)")]
    NpyArray SampleAttributions,
    [Output("float32", "x's shape", "the smoothed attribution")] NpyArray Attributions);

/// <summary>
/// captum 0.8.0 <c>NoiseTunnel(base).attribute(x, nt_type, nt_samples, stdevs, target)</c>
/// (captum/attr/_core/noise_tunnel.py), every sample in one partition, the noise given as an input:
/// <code>
///   noisy = x.repeat_interleave(nt_samples, 0) + noise                 noise = N(0, stdev) draws, (N·S, ...)
///   a     = base.attribute(noisy, target.repeat_interleave(nt_samples)) Saliency, InputXGradient or IntegratedGradients
///   E[a]  = (Σ_s a[n, s]) · 1 / S;   E[a²] = (Σ_s a[n, s]²) · 1 / S     over the (N, S, ...) view
///   smoothgrad: E[a];   smoothgrad_sq: E[a²];   vargrad: E[a²] − E[a]²
/// </code>
/// tf-keras-vis's SmoothGrad also averages |gradient| over the samples, then takes the channel max and normalises;
/// NoiseTunnel over Saliency (abs=True) stops at the per-channel mean (docs/methods/cam-family.md measures the two).
/// </summary>
public static class NoiseTunnel
{
    public static NoiseTunnelSteps Compute(SpecNet net, Tensor x, Tensor noise, int[] targets, NoiseTunnelBase method, NoiseTunnelType type,
        int samples, bool abs = true, int nSteps = 50)
    {
        using var scope = NewDisposeScope();
        long n = x.shape[0];
        if (noise.shape[0] != n * samples)
            throw new ArgumentException($"noise has {noise.shape[0]} rows; {n} inputs × nt_samples {samples} need {n * samples}");
        if (targets.Length != n) throw new ArgumentException($"{targets.Length} targets for {n} inputs");
        var noisy = x.repeat_interleave(samples, 0) + noise;
        var expanded = targets.SelectMany(t => Enumerable.Repeat(t, samples)).ToArray();
        var a = method switch
        {
            NoiseTunnelBase.Saliency => Saliency.Attribute(TargetGradient.Of(net, noisy, expanded).Gradient, abs),
            NoiseTunnelBase.InputXGradient => noisy * TargetGradient.Of(net, noisy, expanded).Gradient,
            _ => NpyTensor.ToTensor(IntegratedGradients.Compute(net, noisy, zeros_like(noisy), expanded, nSteps, IgMethod.Gausslegendre).Attributions),
        };
        using var _ = no_grad();
        var view = a.reshape([n, samples, .. x.shape.Skip(1)]);
        var mean = view.sum([1L]) * 1 / (float)samples;
        var meanSq = view.pow(2).sum([1L]) * 1 / (float)samples;
        var smoothed = type switch
        {
            NoiseTunnelType.Smoothgrad => mean,
            NoiseTunnelType.SmoothgradSq => meanSq,
            _ => meanSq - mean * mean,
        };
        return new NoiseTunnelSteps(NpyTensor.ToNpy(a), NpyTensor.ToNpy(smoothed));
    }
}
