using System.Collections.Frozen;

namespace Bright.Simulator.Calibration;

/// <summary>A procedure a theatre list can carry.</summary>
/// <param name="Name">Plausible procedure name for the specialty.</param>
/// <param name="PlannedMinutes">Planned touch time (in theatre to out), minutes.</param>
/// <param name="DayCase">Whether the patient usually goes home the same day.</param>
/// <param name="StayDays">Median post-operative stay in days for inpatients.</param>
internal sealed record Procedure(string Name, int PlannedMinutes, bool DayCase, double StayDays);

/// <summary>
/// ASSUMPTION: typical procedures and planned durations per theatre specialty, for synthetic lists. The figures
/// are illustrative planning times, not a national tariff.
/// </summary>
internal static class ProcedureCatalogue
{
    private static readonly Procedure[] GeneralProcedures =
    [
        new("Laparoscopic cholecystectomy", 75, true, 1), new("Inguinal hernia repair", 60, true, 1),
        new("Laparoscopic appendicectomy", 60, false, 2), new("Excision of skin lesion", 30, true, 1),
        new("Umbilical hernia repair", 45, true, 1),
    ];

    private static readonly FrozenDictionary<string, Procedure[]> BySpecialty = new Dictionary<string, Procedure[]>(StringComparer.Ordinal)
    {
        ["general surgery"] = GeneralProcedures,
        ["colorectal surgery"] =
        [
            new("Laparoscopic anterior resection", 240, false, 6), new("Right hemicolectomy", 180, false, 6),
            new("Haemorrhoidectomy", 40, true, 1), new("Reversal of ileostomy", 120, false, 4),
        ],
        ["trauma and orthopaedics"] =
        [
            new("Total hip replacement", 120, false, 3), new("Total knee replacement", 120, false, 3),
            new("Arthroscopic knee surgery", 45, true, 1), new("Carpal tunnel release", 20, true, 1),
            new("Shoulder arthroscopy and subacromial decompression", 60, true, 1),
        ],
        ["vascular surgery"] =
        [
            new("Endovascular aneurysm repair", 180, false, 4), new("Carotid endarterectomy", 150, false, 3),
            new("Varicose vein ablation", 60, true, 1), new("Below-knee amputation", 120, false, 21),
        ],
        ["urology"] =
        [
            new("Transurethral resection of prostate", 75, false, 2), new("Flexible cystoscopy", 20, true, 1),
            new("Ureteroscopy and laser lithotripsy", 60, true, 1), new("Robotic radical prostatectomy", 240, false, 2),
        ],
        ["ENT"] =
        [
            new("Tonsillectomy", 45, true, 1), new("Septoplasty", 60, true, 1),
            new("Functional endoscopic sinus surgery", 90, true, 1), new("Thyroidectomy", 150, false, 2),
        ],
        ["ophthalmology"] =
        [
            new("Phacoemulsification cataract extraction", 25, true, 1), new("Vitrectomy", 75, true, 1),
            new("Trabeculectomy", 60, true, 1),
        ],
        ["plastic surgery"] =
        [
            new("Excision of basal cell carcinoma with flap", 60, true, 1), new("Tendon repair", 75, true, 1),
            new("Breast reduction", 180, false, 2),
        ],
        ["maxillofacial surgery"] =
        [
            new("Surgical removal of third molars", 45, true, 1), new("Open reduction of mandibular fracture", 120, false, 2),
            new("Parotidectomy", 150, false, 2),
        ],
        ["gynaecology"] =
        [
            new("Hysteroscopy", 30, true, 1), new("Laparoscopic hysterectomy", 150, false, 2),
            new("Diagnostic laparoscopy", 45, true, 1), new("Evacuation of retained products of conception", 20, true, 1),
        ],
        ["gynaecological oncology"] =
        [
            new("Total abdominal hysterectomy and bilateral salpingo-oophorectomy", 180, false, 4),
            new("Radical hysterectomy", 240, false, 5), new("Staging laparotomy", 180, false, 5),
        ],
        ["obstetrics"] =
        [
            new("Elective caesarean section", 60, false, 2), new("Cervical cerclage", 30, true, 1),
            new("Manual removal of placenta", 30, false, 1),
        ],
        ["day surgery"] =
        [
            new("Inguinal hernia repair", 60, true, 1), new("Carpal tunnel release", 20, true, 1),
            new("Excision of skin lesion", 30, true, 1), new("Arthroscopic knee surgery", 45, true, 1),
        ],
        ["cardiac surgery"] =
        [
            new("Coronary artery bypass graft", 240, false, 7), new("Aortic valve replacement", 240, false, 7),
            new("Mitral valve repair", 270, false, 8),
        ],
        ["thoracic surgery"] =
        [
            new("Video-assisted thoracoscopic lobectomy", 180, false, 4), new("Pleurodesis", 60, false, 3),
            new("Bronchoscopy and mediastinoscopy", 45, true, 1),
        ],
        ["cardiology (cath lab)"] =
        [
            new("Coronary angiography", 30, true, 1), new("Percutaneous coronary intervention", 60, true, 1),
            new("Permanent pacemaker implantation", 60, false, 1), new("Catheter ablation", 150, false, 1),
        ],
        ["emergency"] =
        [
            new("Emergency laparotomy", 150, false, 9), new("Laparoscopic appendicectomy", 60, false, 2),
            new("Incision and drainage of abscess", 30, false, 2), new("Hemiarthroplasty for fractured neck of femur", 90, false, 14),
            new("Washout and debridement of wound", 45, false, 4),
        ],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The procedures for a theatre's specialty; general surgery's when the specialty is unknown.</summary>
    public static IReadOnlyList<Procedure> For(string specialty) => BySpecialty.TryGetValue(specialty, out var list) ? list : GeneralProcedures;
}
