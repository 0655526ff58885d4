using static TorchSharp.torch;

namespace KerasVis.Reference.Methods.PytorchGradCam;

/// <summary>
/// pytorch-grad-cam 1.5.5 <c>get_2d_projection</c> (pytorch_grad_cam/utils/svd_on_activations.py), with the spec's sign:
/// <code>
///   M    = the (h·w, C) matrix of one image's map (NaN → 0), each channel's mean over space subtracted
///   v    = the first right singular vector of M                 (np.linalg.svd; its sign is LAPACK's choice)
///   proj = M · v, reshaped to (h, w)
///   sign: proj ← −proj where |min(proj)| &gt; |max(proj)|         the library's own get_2d_projection_with_sign_correction rule
/// </code>
/// SVD determines v only up to sign, so get_2d_projection's result depends on the LAPACK build. The spec pins the
/// corrected sign (the extreme of largest magnitude is positive); a port must apply the same correction before
/// BaseCAM's ReLU. Computed here in float64 (the library: float32 gesdd); the difference is far inside the tolerance.
/// </summary>
public static class Projection2d
{
    public static Tensor Of(Tensor batch)
    {
        var outs = new List<Tensor>();
        for (long n = 0; n < batch.shape[0]; n++)
        {
            var a = batch[n].to(ScalarType.Float64);
            a = where(a.isnan(), zeros_like(a), a);
            var m = a.reshape(a.shape[0], -1).t();
            m = m - m.mean([0L], keepdim: true);
            var (_, _, vt) = linalg.svd(m, fullMatrices: false);
            var proj = m.matmul(vt[0]).reshape(a.shape[1], a.shape[2]);
            if (proj.min().abs().item<double>() > proj.max().abs().item<double>()) proj = -proj;
            outs.Add(proj);
        }
        return stack(outs).to(batch.dtype);
    }
}
