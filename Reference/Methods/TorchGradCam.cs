using KerasVis.Conformance.Imaging;
using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.Imaging;
using KerasVis.Reference.IO;
using KerasVis.Reference.Models;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods;

/// <summary>Where the report's ReLU goes: after the resize (the report: "Resizes the CAM to the input image size and
/// applies ReLU") or before it (jacobgil's grad-cam.py and pytorch-grad-cam).</summary>
public enum TorchCamOrder { ResizeThenRelu, ReluThenResize }

public sealed record TorchGradCamResult(
    [Output("float32", "(1, classes)", "the model's logits")] NpyArray Logits,
    [Output("int64", "(1,)", "the class explained: class_index, or argmax of the logits")] int ClassIndex,
    [Output("float32", "(C, h, w)", "the captured activation (the ReLU's output where inplace_relu aliases it)")] NpyArray Activations,
    [Output("float32", "(C, h, w)", "∂ logits[0, k] / ∂(layer output)")] NpyArray Gradients,
    [Output("float32", "(C,)", "mean of the gradient over (h, w)")] NpyArray Weights,
    [Output("float32", "(h, w)", "Σ_c w_c · A_c")] NpyArray CamRaw,
    [Output("float32", "(H, W)", "cv2.resize INTER_LINEAR of raw (or of max(raw, 0) in relu_then_resize order)")] NpyArray CamResized,
    [Output("float32", "(H, W)", "ReLU, then (cam − min) / max: NaN for an all-zero map")] NpyArray Cam);

/// <summary>
/// Grad-CAM as the PyTorch report computes it on torchvision AlexNet / VGG-16 (seed 004; docs/methods/gradcam.md, PyTorch section):
/// <code>
///   logits = model(x);  k = the chosen class, or argmax(logits)
///   A, g   = the target layer's output and ∂ logits[0, k] / ∂(that output)      (one-hot · logits, backward)
///   w_c    = mean_(i,j) g[c, i, j]                                              (C,)
///   raw    = Σ_c w_c · A[c]                                                     (h, w), weighted SUM
///   report order:   resized = cv2.resize(raw, (W, H)) INTER_LINEAR;  cam = max(resized, 0)
///   jacobgil order: cam = cv2.resize(max(raw, 0), (W, H))
///   cam    = cam − min(cam);  cam = cam / max(cam)                              no ε: an all-zero map gives NaN
/// </code>
/// torchvision's ReLUs are in place. A hook on a conv layer followed by its ReLU therefore stores a tensor that the
/// ReLU then overwrites: the captured A is the ReLU's output while the gradient is the conv output's (masked by the
/// ReLU). <paramref name="inplaceReluAliasing"/> = true reproduces that (what the report's code sees with
/// torchvision's models); false gives the pre-ReLU A a non-in-place port sees. At a ReLU layer both agree.
/// </summary>
public static class TorchGradCam
{
    public static TorchGradCamResult Compute(SpecNet net, Tensor x, string layer, int? classIndex, TorchCamOrder order,
        bool inplaceReluAliasing = true)
    {
        if (!net.Spec.IsTorchLayout) throw new ArgumentException($"model {net.Spec.Id} is not a torchvision model");
        if (x.dim() != 4 || x.shape[0] != 1) throw new ArgumentException($"the report's Grad-CAM takes one NCHW image, got {NpyArray.FormatShape(x.shape)}");
        using var scope = NewDisposeScope();
        var row = net.Spec.Row(layer);
        int k = -1;
        var cap = net.GradientAt(x, layer, logits =>
        {
            k = classIndex ?? (int)logits[0].argmax().item<long>();
            if (k < 0 || k >= logits.shape[1]) throw new ArgumentOutOfRangeException(nameof(classIndex), k,
                $"model {net.Spec.Id} has {logits.shape[1]} classes");
            return logits[0, k];
        });
        var a = cap.Activation;
        if (a.dim() != 4) throw new ArgumentException($"layer '{layer}' of {net.Spec.Id} has a {a.dim()}-D output; Grad-CAM needs a feature map");
        var g = cap.Gradient[0];
        var captured = a[0];
        int i = net.Spec.Layers.ToList().FindIndex(l => l.Name == layer);
        if (inplaceReluAliasing && row.Layer is TorchConv2dSpec && i + 1 < net.Spec.Layers.Count && net.Spec.Layers[i + 1] is TorchReLUSpec)
            captured = captured.clamp_min(0f);
        var w = g.mean([1L, 2L]);
        var raw = (captured * w.reshape(-1, 1, 1)).sum([0L]);   // sum([0L]): a bare 0 would pick the sum(ScalarType) overload
        int h = (int)raw.shape[0], wd = (int)raw.shape[1], outH = (int)x.shape[2], outW = (int)x.shape[3];
        var rawNpy = NpyTensor.ToNpy(raw);
        float[] resized, cam;
        if (order == TorchCamOrder.ResizeThenRelu)
        {
            resized = CvResize.Linear(rawNpy.AsFloats(), h, wd, 1, outH, outW);
            cam = resized.Select(v => Math.Max(v, 0f)).ToArray();
        }
        else
        {
            resized = CvResize.Linear(rawNpy.AsFloats().Select(v => Math.Max(v, 0f)).ToArray(), h, wd, 1, outH, outW);
            cam = (float[])resized.Clone();
        }
        MinMax(cam);
        return new TorchGradCamResult(NpyTensor.ToNpy(cap.Output), k, NpyTensor.ToNpy(captured), NpyTensor.ToNpy(g),
            NpyTensor.ToNpy(w), rawNpy, NpyArray.FromFloats(resized, outH, outW), NpyArray.FromFloats(cam, outH, outW));
    }

    /// <summary><c>cam −= min(cam); cam /= max(cam)</c> in float32, as NumPy does it (0/0 = NaN).</summary>
    public static void MinMax(float[] cam)
    {
        float min = cam.Min();
        for (int j = 0; j < cam.Length; j++) cam[j] -= min;
        float max = cam.Max();
        for (int j = 0; j < cam.Length; j++) cam[j] /= max;
    }
}
