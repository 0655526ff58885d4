using KerasVis.Conformance.Imaging;
using KerasVis.Conformance.IO;
using Xunit;

namespace KerasVis.Tests.Units;

/// <summary>explain's pictures explain themselves: a jet colour bar and caption lines under the image.</summary>
public class CaptionTests
{
    [Fact]
    public void A_caption_keeps_the_image_and_adds_a_jet_bar_and_white_text_below()
    {
        const int W = Caption.MinWidth;
        var img = NpyArray.FromBytes(Enumerable.Repeat((byte)100, 10 * W * 3).ToArray(), 10, W, 3);
        var o = Caption.Add(img, ["VGG16 GRADCAM", "423 BARBER_CHAIR"], "0", "1");
        Assert.Equal(W, o.Shape[1]);
        Assert.Equal(10 + 4 + 8 + 11 + 2 + 2 * 11 + 4, o.Shape[0]);
        Assert.Equal(img.Data, o.Data[..img.Data.Length]);
        int barRow = 10 + 4;
        byte[] Px(int y, int x) => o.Data.AsSpan((y * W + x) * 3, 3).ToArray();
        Assert.Equal(new[] { Jet.LutBytes[0, 0], Jet.LutBytes[0, 1], Jet.LutBytes[0, 2] }, Px(barRow, 0));
        Assert.Equal(new[] { Jet.LutBytes[255, 0], Jet.LutBytes[255, 1], Jet.LutBytes[255, 2] }, Px(barRow, W - 1));
        // the first caption line's 'V' has its top-left pixel set; the gap between glyphs is not
        int textRow = barRow + 8 + 2 + 11;
        Assert.Equal(new byte[] { 235, 235, 235 }, Px(textRow, 2));
        Assert.Equal(new byte[] { 24, 24, 24 }, Px(textRow, 2 + 5));
    }

    [Fact]
    public void A_small_picture_is_enlarged_whole_and_a_long_line_wraps_instead_of_being_cut()
    {
        var img = NpyArray.FromBytes(Enumerable.Range(0, 28 * 28 * 3).Select(i => (byte)(i % 251)).ToArray(), 28, 28, 3);
        var line = "LAB1 GRADCAMPP CONV2D_3 1 CLASS 1 LOGIT 12.5 WEIGHTS FIXTURES/WEIGHTS/LAB1-FASHION-MNIST NO MAP: THE MAP IS CONSTANT";
        var o = Caption.Add(img, [line]);
        Assert.Equal(280, o.Shape[1]);   // ×10, the smallest whole factor reaching 256
        Assert.Equal(img.Data[3 * 5], o.Data[(0 * 280 + 59) * 3]);   // pixel (0, 5) fills (0, 50..59)
        int perLine = (280 - 4) / BitmapFont.Advance;
        int lines = (line.Length + perLine - 1) / perLine;
        Assert.True(lines >= 2);
        Assert.Equal(280 + 4 + lines * (BitmapFont.Height + 4) + 4, o.Shape[0]);
    }

    [Fact]
    public void Every_caption_character_has_a_glyph_and_unknown_ones_draw_a_question_mark()
    {
        foreach (var c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz0123456789 .,:-+_=/()%#?")
            Assert.True(c == ' ' || Enumerable.Range(0, 35).Any(i => BitmapFont.Pixel(c, i % 5, i / 5)), $"glyph '{c}' is blank");
        Assert.Equal(Enumerable.Range(0, 35).Select(i => BitmapFont.Pixel('?', i % 5, i / 5)), Enumerable.Range(0, 35).Select(i => BitmapFont.Pixel('~',
            i % 5, i / 5)));
    }
}
