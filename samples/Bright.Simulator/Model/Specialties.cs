namespace Bright.Simulator.Model;

/// <summary>Which ward specialties are surgical (the rest are medical), for routing and outlying patients.</summary>
internal static class Specialties
{
    private static readonly HashSet<string> SurgicalSpecialties = new(StringComparer.OrdinalIgnoreCase)
    {
        "general surgery", "colorectal surgery", "trauma and orthopaedics", "vascular surgery", "urology", "ENT",
        "cardiothoracic surgery", "gynaecology", "gynaecological oncology", "maxillofacial surgery", "plastic surgery",
        "ophthalmology",
    };

    public static bool IsSurgical(string specialty) => SurgicalSpecialties.Contains(specialty);
}
