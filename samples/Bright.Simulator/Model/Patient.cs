namespace Bright.Simulator.Model;

/// <summary>An inpatient spell, or an ED attendance that may become one.</summary>
internal sealed class Patient(string subject, SiteState site)
{
    /// <summary>Pseudonymous key, <c>P-</c> and hex: never an NHS number or name.</summary>
    public string Subject { get; } = subject;

    public SiteState Site { get; } = site;

    public Bed? Bed { get; set; }

    /// <summary>Bumped whenever planned happenings (discharge, stage end) are replaced.</summary>
    public int Version { get; set; }

    public long AdmittedAt { get; set; }

    public long DischargeAt { get; set; }

    public string Specialty { get; set; } = "";

    /// <summary><c>emergency</c>, <c>elective</c> or <c>daycase</c>.</summary>
    public string PatientClass { get; set; } = "";

    public string AdmitMethod { get; set; } = "";

    /// <summary>The ward the patient moves to when the current stage ends (assessment or critical care first).</summary>
    public WardState? NextWard { get; set; }

    /// <summary>The ward a patient from ED is to be admitted to.</summary>
    public WardState? TargetWard { get; set; }

    public BedRequest? Request { get; set; }

    /// <summary>The bed reserved for the patient, until the porter brings them.</summary>
    public Bed? IncomingBed { get; set; }

    /// <summary>The ward to return to after a post-operative critical care stay.</summary>
    public WardState? ReturnWard { get; set; }

    public bool Admitted { get; set; }

    public bool Discharged { get; set; }

    public EdAttendance? Attendance { get; set; }
}

/// <summary>An ED attendance in progress.</summary>
internal sealed class EdAttendance(Patient patient, EdAreaState area, int departmentType, int acuity, bool ambulance)
{
    public Patient Patient { get; } = patient;

    public EdAreaState Area { get; } = area;

    /// <summary>0 = type 1, 1 = type 2, 2 = other (type 3).</summary>
    public int DepartmentType { get; } = departmentType;

    /// <summary>Triage category 1 (most urgent) to 5.</summary>
    public int Acuity { get; } = acuity;

    public bool Ambulance { get; } = ambulance;

    public bool Admit { get; set; }

    public bool TransferOut { get; set; }

    public long ArrivedAt { get; set; }

    public long HandoverAt { get; set; }
}
