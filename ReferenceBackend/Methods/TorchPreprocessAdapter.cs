using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.Imaging;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

/// <remarks>The channel mean and std are not parameters: the report's preprocess_image writes the ImageNet values
/// (0.485, 0.456, 0.406) and (0.229, 0.224, 0.225) into its body, so they are constants of the method
/// (<see cref="TorchPreprocess.Mean"/>, <see cref="TorchPreprocess.Std"/>) and a manifest that gives them is refused.</remarks>
public sealed record TorchPreprocessParams(
    [Param("the square side cv2.resize makes", Min = 1)] int Size = 224);

public sealed record TorchPreprocessOutputs(
    [Output("float32", "(1, 3, size, size)", "preprocess_image: cv2 INTER_LINEAR resize, /255, (x − mean)/std, HWC → CHW")] NpyArray X,
    [Output("uint8", "(size, size, 3)", "reprocess_image: the inverse, for display")] NpyArray Reprocessed);

[Method("torch_preprocess", "The PyTorch report's preprocess_image and reprocess_image (input image, uint8 RGB)", Page = "gradcam.md")]
public sealed class TorchPreprocessAdapter : MethodAdapter<TorchPreprocessParams, TorchPreprocessOutputs>
{
    public override bool RunsOnDevice => false;
    public override TorchPreprocessOutputs Compute(MethodContext context, TorchPreprocessParams p)
    {
        var pre = TorchPreprocess.PreprocessImage(context.Input("image"), p.Size);
        return new(pre, TorchPreprocess.ReprocessImage(pre));
    }
}
