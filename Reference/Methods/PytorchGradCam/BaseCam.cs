using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.Imaging;
using KerasVis.Reference.IO;
using KerasVis.Reference.Models;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods.PytorchGradCam;

/// <summary>
/// pytorch-grad-cam 1.5.5's BaseCAM (pytorch_grad_cam/base_cam.py, activations_and_gradients.py, utils/image.py), the
/// part every method shares (docs/methods/pytorch-grad-cam.md):
/// <code>
///   outputs = model(x);  k_n = class_index[n] or argmax(outputs[n])         ClassifierOutputTarget
///   A, g    = the target layer's output and ∂(Σ_n outputs[n, k_n]) / ∂A       (g only when the method uses gradients)
///   raw     = get_cam_image(A, g)                                            the method's own line
///   layer   = scale_cam_image(max(raw, 0), (W, H)):  img −= min;  img /= (1e−7 + max);  cv2.resize INTER_LINEAR
///   cam     = scale_cam_image(mean over layers(max(layer, 0)))              one layer here: min-max again, no resize
/// </code>
/// Keras lab models are run channels-last and their A and g transposed to NCHW (what the library sees in a port).
/// </summary>
public static class BaseCam
{
    /// <summary>The scale_cam_image guard (a float32 in NumPy's value-based casting).</summary>
    public const float ScaleEpsilon = 1e-7f;

    /// <summary>Runs the model, captures A (and g when <paramref name="withGradients"/>), hands the NCHW tensors to
    /// <paramref name="camImage"/> (A, g or null, each image's class) and finishes with BaseCAM's scaling.</summary>
    public static (PgcCapture Capture, PgcMaps Maps, TExtra Extra) Run<TExtra>(SpecNet net, Tensor x, string layer, int[]? classIndex,
        bool withGradients, Func<Tensor, Tensor?, long[], (Tensor Raw, TExtra Extra)> camImage)
    {
        using var scope = NewDisposeScope();
        bool keras = !net.Spec.IsTorchLayout;
        long n = x.shape[0];
        long[] k = [];
        Tensor Score(Tensor logits)
        {
            k = classIndex is null ? logits.argmax(1).data<long>().ToArray() : Targets(classIndex, n, logits.shape[1]);
            return logits.gather(1, tensor(k).unsqueeze(1)).squeeze(1);
        }
        Tensor activation, output, gradient = null!;
        if (withGradients)
        {
            var cap = net.GradientAt(x, layer, Score);
            (activation, output, gradient) = (cap.Activation, cap.Output, cap.Gradient);
        }
        else
        {
            // uses_gradients=False (EigenCAM, ScoreCAM, AblationCAM): the forward only, no backward pass
            using var noGrad = no_grad();
            activation = net.ForwardTo(layer, x);
            output = net.ForwardFrom(layer, activation);
            Score(output);
        }
        if (activation.dim() != 4)
            throw new ArgumentException($"layer '{layer}' of {net.Spec.Id} has a {activation.dim()}-D output; the CAM methods need a feature map");
        var a = keras ? activation.permute(0, 3, 1, 2) : InplaceReluAlias(net.Spec, layer, activation);
        var g = withGradients ? (keras ? gradient.permute(0, 3, 1, 2) : gradient) : null;
        using var _ = no_grad();
        var (raw, extra) = camImage(a, g, k);
        long h = keras ? x.shape[1] : x.shape[2], w = keras ? x.shape[2] : x.shape[3];
        var capture = new PgcCapture(NpyTensor.ToNpy(output), NpyArray.FromInt64(k, k.Length), NpyTensor.ToNpy(a),
            g is null ? null : NpyTensor.ToNpy(g));
        return (capture, Maps(NpyTensor.ToNpy(raw), (int)h, (int)w), extra);
    }

    /// <summary>Σ_c w_c · A_c for channel weights (N, C) and A (N, C, h, w): the map of every channel-weight method.</summary>
    public static Tensor ChannelWeighted(Tensor w, Tensor a) => (w.unsqueeze(-1).unsqueeze(-1) * a).sum(1);

    /// <summary>torchvision's ReLUs are in place: a forward hook on a conv that a ReLU follows stores a tensor the ReLU
    /// then overwrites, so the captured A is the ReLU's output (as in the report's Grad-CAM).</summary>
    static Tensor InplaceReluAlias(ModelSpec spec, string layer, Tensor a)
    {
        int i = spec.Layers.ToList().FindIndex(l => l.Name == layer);
        return spec.Layers[i] is TorchConv2dSpec && i + 1 < spec.Layers.Count && spec.Layers[i + 1] is TorchReLUSpec ? a.clamp_min(0) : a;
    }

    static long[] Targets(int[] classIndex, long n, long classes)
    {
        if (classIndex.Length != n) throw new ArgumentException($"{classIndex.Length} class indices for a batch of {n}");
        if (classIndex.Any(c => c < 0 || c >= classes))
            throw new ArgumentException($"class indices [{string.Join(", ", classIndex)}] must lie in [0, {classes})");
        return classIndex.Select(c => (long)c).ToArray();
    }

    /// <summary>compute_cam_per_layer's relu + scale_cam_image(·, (W, H)) and aggregate_multi_layers for one layer.</summary>
    public static PgcMaps Maps(NpyArray raw, int height, int width)
    {
        var r = raw.AsFloats();
        int n = (int)raw.Shape[0], h = (int)raw.Shape[1], w = (int)raw.Shape[2];
        var layer = new float[n * height * width];
        for (int s = 0; s < n; s++)
        {
            var img = r.AsSpan(s * h * w, h * w).ToArray();
            for (int i = 0; i < img.Length; i++) img[i] = Math.Max(img[i], 0f);
            MinMax(img);
            CvResize.Linear(img, h, w, 1, height, width).CopyTo(layer, s * height * width);
        }
        var cam = new float[layer.Length];
        for (int s = 0; s < n; s++)
        {
            var img = layer.AsSpan(s * height * width, height * width).ToArray();
            for (int i = 0; i < img.Length; i++) img[i] = Math.Max(img[i], 0f);   // the mean over one layer is the value itself
            MinMax(img);
            img.CopyTo(cam, s * height * width);
        }
        return new PgcMaps(raw, NpyArray.FromFloats(layer, n, height, width), NpyArray.FromFloats(cam, n, height, width));
    }

    /// <summary>scale_cam_image's <c>img − min; img / (1e−7 + max)</c> in float32 (NaN propagates as in NumPy).</summary>
    public static void MinMax(float[] img)
    {
        float min = img.Any(float.IsNaN) ? float.NaN : img.Min();
        for (int i = 0; i < img.Length; i++) img[i] -= min;
        float max = img.Any(float.IsNaN) ? float.NaN : img.Max();
        float den = ScaleEpsilon + max;
        for (int i = 0; i < img.Length; i++) img[i] /= den;
    }
}
