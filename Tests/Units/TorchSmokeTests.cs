using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace KerasVis.Tests.Units;

public class TorchSmokeTests
{
    [Fact]
    public void Conv_with_autograd_runs_on_cpu()
    {
        // y = sum(conv2d(x, w)) with x = ones(1,1,3,3), w = ones(1,1,2,2): four windows of sum 4 → y = 16,
        // dy/dw[k] = sum of x over the 4 windows each tap sees = 4 for every tap.
        var x = ones(1, 1, 3, 3);
        var w = ones(1, 1, 2, 2).requires_grad_(true);
        var y = nn.functional.conv2d(x, w).sum();
        y.backward();
        Assert.Equal(16f, y.item<float>());
        Assert.Equal(new float[] { 4, 4, 4, 4 }, w.grad!.data<float>().ToArray());
    }
}
