namespace Bright.Analytics.Spc;

/// <summary>The variation and assurance icons of NHS England's Making Data Count (DOMAIN.md 1.5, 1.7).</summary>
internal static class SpcIcons
{
    /// <summary>The variation icon from the last point's type and the direction of improvement.</summary>
    public static SpcVariation Variation(SpcPointType lastPointType, ImprovementDirection direction) => lastPointType switch
    {
        SpcPointType.SpecialCauseImprovement => direction == ImprovementDirection.Decrease
            ? SpcVariation.ImprovementLow
            : SpcVariation.ImprovementHigh,
        SpcPointType.SpecialCauseConcern => direction == ImprovementDirection.Decrease
            ? SpcVariation.ConcernHigh
            : SpcVariation.ConcernLow,
        SpcPointType.SpecialCauseNeutralHigh => SpcVariation.NeutralHigh,
        SpcPointType.SpecialCauseNeutralLow => SpcVariation.NeutralLow,
        _ => SpcVariation.CommonCause,
    };

    /// <summary>
    /// The target against the last point's limits. Null with no target or a neutral direction. Strict
    /// comparisons (nhsr) make a target exactly on a limit, or null limits, <c>inconsistent</c>; nhse
    /// compares inclusively and gives null without limits.
    /// </summary>
    public static SpcAssurance? Assurance(double? target, double lpl, double upl, ImprovementDirection direction, SpcSettings settings)
    {
        if (target is not { } t || direction == ImprovementDirection.Neutral)
        {
            return null;
        }

        if (double.IsNaN(lpl) || double.IsNaN(upl))
        {
            return settings.AssuranceNullWithoutLimits ? null : SpcAssurance.Inconsistent;
        }

        var aboveUpper = settings.AssuranceInclusive ? t >= upl : t > upl;
        var belowLower = settings.AssuranceInclusive ? t <= lpl : t < lpl;
        var increase = direction == ImprovementDirection.Increase;
        if (aboveUpper)
        {
            return increase ? SpcAssurance.Fail : SpcAssurance.Pass;
        }

        if (belowLower)
        {
            return increase ? SpcAssurance.Pass : SpcAssurance.Fail;
        }

        return SpcAssurance.Inconsistent;
    }
}
