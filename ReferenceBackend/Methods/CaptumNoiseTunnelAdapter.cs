using KerasVis.Reference.Methods.Captum;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

[Method("captum_noise_tunnel",
    "captum 0.8.0 NoiseTunnel over Saliency, InputXGradient or IntegratedGradients: smoothgrad, smoothgrad_sq or vargrad of the noisy samples' attributions",
    Kind = MethodKind.InputAttribution, Page = "captum.md")]
public sealed class CaptumNoiseTunnelAdapter : MethodAdapter<CaptumNoiseTunnelParams, NoiseTunnelSteps>
{
    public override NoiseTunnelSteps Compute(MethodContext context, CaptumNoiseTunnelParams p)
    {
        using var model = context.Model(p.Forward.Model, p.Forward.Weights, p.Forward.Linear);
        using var x = context.Tensor("x");
        using var noise = context.Tensor("noise");
        return NoiseTunnel.Compute(model.Net, x, noise, p.Forward.Target, p.Base, p.NtType, p.NtSamples, p.Abs, p.NSteps);
    }
}
