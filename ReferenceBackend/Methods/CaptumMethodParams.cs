using KerasVis.Conformance.Methods;
using KerasVis.Reference.Methods.Captum;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

/// <summary>Saliency.attribute's own argument.</summary>
public sealed record CaptumSaliencyParams(
    CaptumParams Forward,
    [Param("the absolute value of the gradient (captum's default) or the signed gradient")] bool Abs = true) : IParamsCheck
{
    public IEnumerable<(string Key, string Problem)> Problems() => Forward.Problems();
}

/// <summary>InputXGradient.attribute takes only the forward arguments.</summary>
public sealed record CaptumInputXGradientParams(CaptumParams Forward) : IParamsCheck
{
    public IEnumerable<(string Key, string Problem)> Problems() => Forward.Problems();
}

/// <summary>NoiseTunnel.attribute's arguments; the noise itself is the `noise` input (N·nt_samples rows).</summary>
public sealed record CaptumNoiseTunnelParams(
    CaptumParams Forward,
    [Param("the attribution smoothed")] NoiseTunnelBase Base,
    [Param("smoothgrad (mean), smoothgrad_sq (mean of squares) or vargrad (variance)")] NoiseTunnelType NtType = NoiseTunnelType.Smoothgrad,
    [Param("noisy samples per input", Min = 1)] int NtSamples = 5,
    [Param("Saliency base: its abs argument")] bool Abs = true,
    [Param("IntegratedGradients base: its n_steps (gausslegendre, zero baseline)", Min = 1)] int NSteps = 50) : IParamsCheck
{
    public IEnumerable<(string Key, string Problem)> Problems() => Forward.Problems();
}

/// <summary>Occlusion.attribute's arguments, over the input's dimensions after the batch (the case's own layout).</summary>
public sealed record CaptumOcclusionParams(
    CaptumParams Forward,
    [Param("sliding_window_shapes: the window's extent in each input dimension")] int[] Window,
    [Param("the window's step in each dimension; null = 1 everywhere (captum's default)")] int[]? Strides = null,
    [Param("the value the window is set to")] double Baseline = 0) : IParamsCheck
{
    public IEnumerable<(string Key, string Problem)> Problems()
    {
        foreach (var p in Forward.Problems()) yield return p;
        if (Window.Length == 0 || Window.Any(w => w < 1)) yield return ("window", "must hold a positive extent per input dimension");
        if (Strides is { } s && (s.Length != Window.Length || s.Any(v => v < 1))) yield return ("strides", "must hold a positive step per window dimension");
    }
}
