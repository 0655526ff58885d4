using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;

namespace KerasVis.Reference.Methods.PytorchGradCam;

/// <summary>What pytorch-grad-cam's hooks capture at the target layer (ActivationsAndGradients), in its NCHW layout.</summary>
[Part]
public sealed record PgcCapture(
    [Output("float32", "(N, classes)", "the model's output (logits)")] NpyArray Outputs,
    [Output("int64", "(N,)", "ClassifierOutputTarget's class per image: class_index, or argmax of the outputs")] NpyArray ClassIndex,
    [Output("float32", "(N, C, h, w)",
        "the target layer's output A (NCHW; where torchvision's in-place ReLU aliases a conv's, the ReLU's output)")] NpyArray Activations,
    [Output("float32", "(N, C, h, w)", "∂(Σ_n outputs[n, k_n]) / ∂A; absent for EigenCAM, which runs no backward pass")] NpyArray? Gradients);

/// <summary>BaseCAM's end of every method: the raw map, the per-layer scaled map and the aggregated one.</summary>
[Part]
public sealed record PgcMaps(
    [Output("float32", "(N, h, w)", "get_cam_image: the method's own map, before any ReLU")] NpyArray CamRaw,
    [Output("float32", "(N, H, W)", "scale_cam_image(relu(raw), (W, H)): min-max with 1e-7, then cv2.resize INTER_LINEAR")] NpyArray CamLayer,
    [Output("float32", "(N, H, W)", "aggregate_multi_layers: relu, mean over the one layer, scale_cam_image again (no resize)")] NpyArray Cam);

/// <summary>The steps of a channel-weight method (GradCAMPlusPlus, XGradCAM): the capture, the weights, the maps.</summary>
public sealed record PgcWeightedCamSteps(
    PgcCapture Capture,
    [Output("float32", "(N, C)", "get_cam_weights: one weight per channel")] NpyArray Weights,
    PgcMaps Maps);

/// <summary>The steps of a method whose map is not a channel-weighted sum (HiResCAM, GradCAMElementWise, LayerCAM, the
/// Eigen methods): the capture and the maps.</summary>
public sealed record PgcCamSteps(PgcCapture Capture, PgcMaps Maps);
