using ScottPlot;
using SkiaSharp;

namespace Bright.Analytics.Charts;

/// <summary>
/// DejaVu Sans, embedded in this assembly (from the npm package <c>dejavu-fonts-ttf</c> 2.37.3; Bitstream Vera
/// licence with DejaVu changes in the public domain, see <c>Charts/Fonts/DejaVu-LICENSE.txt</c>), registered
/// with ScottPlot so charts draw text on a server with no fonts installed. Thread-safe.
/// </summary>
public static class BundledFonts
{
    /// <summary>The family name charts use.</summary>
    public const string Family = "DejaVu Sans";

    private static readonly Lazy<SKTypeface> Typeface = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<bool> Registration = new(Register, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Registers the font with ScottPlot and makes it the default; later calls do nothing.</summary>
    public static void EnsureRegistered() => _ = Registration.Value;

    private static bool Register()
    {
        Fonts.FontResolvers.Insert(0, new Resolver());
        Fonts.Default = Family;
        Fonts.Sans = Family;
        return true;
    }

    private static SKTypeface Load()
    {
        using var stream = typeof(BundledFonts).Assembly.GetManifestResourceStream("Bright.Analytics.Charts.Fonts.DejaVuSans.ttf")
            ?? throw new InvalidOperationException("The embedded font DejaVuSans.ttf is missing from Bright.Analytics.");
        return SKTypeface.FromStream(stream)
            ?? throw new InvalidOperationException("The embedded font DejaVuSans.ttf could not be loaded by SkiaSharp.");
    }

    /// <summary>Answers every request for the bundled family (bold and italic fall back to the regular face).</summary>
    private sealed class Resolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) => Resolve(fontName);

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => Resolve(fontName);

        private static SKTypeface? Resolve(string fontName) =>
            string.Equals(fontName, Family, StringComparison.OrdinalIgnoreCase) ? Typeface.Value : null;
    }
}
