using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.IO;
using KerasVis.Reference.Models;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods.PytorchGradCam;

/// <summary>Every step of one GuidedBackpropReLUModel call and the Guided Grad-CAM product of the library's example.</summary>
public sealed record GuidedBackpropSteps(
    [Output("float32", "(1, classes)", "the model's logits")] NpyArray Outputs,
    [Output("int64", "(1,)", "the class: class_index, or argmax of the logits")] NpyArray ClassIndex,
    [Output("float32", "(H, W, 3)", "∂ logits[0, k] / ∂x through guided ReLUs, as the model returns it: output[0].transpose(1, 2, 0)")] NpyArray Gradients,
    [Output("float32", "(H, W, 3)", "Guided Grad-CAM: the given CAM map (H, W) times every channel of the gradients")] NpyArray GuidedGradcam,
    [Output("uint8", "(H, W, 3)", "deprocess_image(gradients): (g − mean) / (std + 1e−5) · 0.1 + 0.5, clipped, uint8(· 255)")] NpyArray GbImage,
    [Output("uint8", "(H, W, 3)", "deprocess_image(guided_gradcam)")] NpyArray CamGbImage);

/// <summary>
/// pytorch-grad-cam 1.5.5 <c>GuidedBackpropReLUModel</c> (pytorch_grad_cam/guided_backprop.py) and the Guided Grad-CAM
/// of its example (cam.py; utils/image.py deprocess_image), on torchvision models:
/// <code>
///   every nn.ReLU → GuidedBackpropReLU:  forward  y = x · [x &gt; 0]
///                                        backward dx = dy · [x &gt; 0] · [dy &gt; 0]        the classifier's ReLUs too
///   k  = class_index or argmax(model(x)[0]);  g = ∂ model(x)[0, k] / ∂x  →  g[0].transpose(1, 2, 0)   (H, W, 3)
///   guided_gradcam = cam[..., None] · g                                      cam: a CAM map of the same image (input)
///   deprocess_image(img) = uint8(clip((img − mean(img)) / (std(img) + 1e−5) · 0.1 + 0.5, 0, 1) · 255)
/// </code>
/// </summary>
public static class GuidedBackprop
{
    /// <param name="guided">which ReLU layers take the guided rule (all of them, as the library; the mutation catalogue
    /// passes others to model ports that guide only some)</param>
    public static GuidedBackpropSteps Compute(SpecNet net, Tensor x, int? classIndex, NpyArray cam, Func<string, bool>? guided = null)
    {
        if (!net.Spec.IsTorchLayout) throw new ArgumentException($"model {net.Spec.Id} is not a torchvision model");
        if (x.dim() != 4 || x.shape[0] != 1) throw new ArgumentException($"GuidedBackpropReLUModel takes one NCHW image, got {NpyArray.FormatShape(x.shape)}");
        using var scope = NewDisposeScope();
        var input = x.detach().clone().requires_grad_(true);
        var output = net.ForwardReplacing(input, (layer, h) => layer is TorchReLUSpec && (guided?.Invoke(layer.Name) ?? true) ? GuidedRelu.apply(h) : null);
        int k = classIndex ?? (int)output[0].argmax().item<long>();
        if (k < 0 || k >= output.shape[1]) throw new ArgumentOutOfRangeException(nameof(classIndex), k, $"model {net.Spec.Id} has {output.shape[1]} classes");
        var g = autograd.grad([output[0, k]], [input])[0][0].permute(1, 2, 0).contiguous();
        using var _ = no_grad();
        long h = x.shape[2], w = x.shape[3];
        if (cam.Shape.Length != 2 || cam.Shape[0] != h || cam.Shape[1] != w)
            throw new ArgumentException($"the CAM map must be ({h}, {w}), got {NpyArray.FormatShape(cam.Shape)}");
        var product = NpyTensor.ToTensor(cam).to(g.dtype).unsqueeze(-1) * g;
        return new GuidedBackpropSteps(NpyTensor.ToNpy(output), NpyArray.FromInt64([k], 1), NpyTensor.ToNpy(g), NpyTensor.ToNpy(product),
            Deprocess(g), Deprocess(product));
    }

    /// <summary>utils/image.py deprocess_image in float32 (np.std is the population std).</summary>
    public static NpyArray Deprocess(Tensor img)
    {
        var v = img.to(ScalarType.Float32);
        var d = (v - v.mean()) / (v.std(unbiased: false) + 1e-5f) * 0.1f + 0.5f;
        var u = (d.clamp(0, 1) * 255f).to(ScalarType.Byte);     // np.uint8 truncates toward zero
        return NpyTensor.ToNpy(u);
    }

    /// <summary>GuidedBackpropReLU (an autograd function of our own: the rule has no TorchSharp module).</summary>
    sealed class GuidedRelu : autograd.SingleTensorFunction<GuidedRelu>
    {
        public override string Name => "GuidedBackpropReLU";

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var x = (Tensor)vars[0];
            ctx.save_for_backward([x]);
            return x * x.gt(0).to(x.dtype);
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad)
        {
            var x = ctx.get_saved_variables()[0];
            return [grad * x.gt(0).to(grad.dtype) * grad.gt(0).to(grad.dtype)];
        }
    }
}
