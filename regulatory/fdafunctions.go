package regulatory

// fdaFunction is the policy outcome of a named software function: the
// navigator step that decides it, the device status, the appendix or
// statutory clause, and a one-line example from the source.
type fdaFunction struct {
	key     string
	status  string
	step    int
	basis   string
	example string
}

// fdaFunctionTable is the closed vocabulary of the function fact, in the order
// [FactValues] lists it: the 520(o)(1)(A)–(E) exclusions and the MDDS
// functions (Medical Device Data Systems guidance, Sept 2022), then the
// categories of the Device Software Functions and Mobile Medical Applications
// guidance (Sept 2022) Appendix A (not devices), Appendix B (enforcement
// discretion) and Appendix C (focus of oversight). clinical_decision_support
// is decided by the four CDS criteria, not by this table.
var fdaFunctionTable = []fdaFunction{
	// 520(o)(1)(A)–(E) and MDDS.
	{"administrative_support", DeviceStatusNotADevice, 2, "administrative support of a health care facility, 520(o)(1)(A)", "billing codes, claims processing, appointment schedules, population health management"},
	{"healthy_lifestyle", DeviceStatusNotADevice, 3, "maintaining or encouraging a healthy lifestyle, unrelated to a disease or condition, 520(o)(1)(B) (DSF/MMA Appendix A item 6)", "dietary logs, calorie counters, tracking general daily activity or normal sleep"},
	{"electronic_patient_record", DeviceStatusNotADevice, 4, "electronic patient records, 520(o)(1)(C)", "transferring, storing, converting or displaying the equivalent of a paper medical chart"},
	{"transfer_store_convert_display_device_data", DeviceStatusNotADevice, 5, "transferring, storing, converting or displaying device data, 520(o)(1)(D) (MDDS guidance, Sept 2022)", "non-device MDDS"},
	{"device_data_transfer", DeviceStatusNotADevice, 5, "transferring medical device data (non-device MDDS), 520(o)(1)(D)", "forwarding readings from a device to an EHR without modifying them"},
	{"device_data_storage", DeviceStatusNotADevice, 5, "storing medical device data (non-device MDDS), 520(o)(1)(D)", "archiving device data for later retrieval"},
	{"device_data_format_conversion", DeviceStatusNotADevice, 5, "converting formats of medical device data (non-device MDDS), 520(o)(1)(D)", "converting device data to another format without changing it"},
	{"device_data_display", DeviceStatusNotADevice, 5, "displaying medical device data (non-device MDDS), 520(o)(1)(D) (DSF/MMA Appendix A item 17)", "displaying medical images directly from a PACS server"},
	{"clinical_decision_support", "", 6, "clinical decision support, 520(o)(1)(E): decided by the four CDS criteria", ""},
	// DSF/MMA Appendix A: not devices.
	{"reference_material", DeviceStatusNotADevice, 1, "electronic copies of medical textbooks or other reference material with generic text search (DSF/MMA Appendix A item 1)", "medical dictionaries, electronic copies of medical textbooks"},
	{"hcp_education", DeviceStatusNotADevice, 1, "educational tools for health care professionals (DSF/MMA Appendix A item 2)", "medical flash cards, surgical training videos"},
	{"patient_education", DeviceStatusNotADevice, 1, "general patient education and access to commonly used reference information (DSF/MMA Appendix A item 3)", "apps that help patients ask their physician appropriate questions"},
	{"general_purpose_aid", DeviceStatusNotADevice, 1, "generic aids or general-purpose products (DSF/MMA Appendix A item 5)", "a magnifying glass not specifically intended for medical purposes"},
	{"ehr_access", DeviceStatusNotADevice, 4, "interaction with certified EHR or personal health record systems (DSF/MMA Appendix A items 7–8)", "letting individuals view, transfer or download their EHR data"},
	{"record_health_information", DeviceStatusNotADevice, 1, "simple tools for patients to organize and record their health information (DSF/MMA Appendix A item 12)", "recording blood pressure measurements to share with a health care professional"},
	// DSF/MMA Appendix B: enforcement discretion.
	{"coping_skills", DeviceStatusEnforcement, 7, "coping skills for patients with diagnosed psychiatric conditions (DSF/MMA Appendix B item 1)", "a \"Skill of the Day\" behavioural technique for patients with PTSD, depression or anxiety"},
	{"patient_coaching", DeviceStatusEnforcement, 7, "coaching or prompting patients with specific diseases or conditions in their daily environment (DSF/MMA §V.B item 1; Appendix B item 16)", "coaching patients with hypertension or diabetes on diet, exercise and medication schedules"},
	{"herb_drug_interaction", DeviceStatusEnforcement, 7, "information about herb-drug interactions reported in the literature (DSF/MMA Appendix B item 5)", "entering an herb and a drug to see reported interactions"},
	{"preventive_recommendations", DeviceStatusEnforcement, 7, "patient-specific screening, counseling and preventive recommendations from established authorities (DSF/MMA Appendix B item 6)", "screening recommendations from age, sex and behavioural risk factors"},
	{"possible_conditions_list_with_referral_advice", DeviceStatusEnforcement, 7, "symptom checklist giving possible conditions and when to consult a health care provider (DSF/MMA Appendix B item 7)", "a checklist of common signs and symptoms listing possible medical conditions"},
	{"care_facility_recommendation", DeviceStatusEnforcement, 7, "questionnaire recommending the type of health care facility (DSF/MMA Appendix B item 8)", "a symptom questionnaire recommending urgent care or the emergency department"},
	{"emergency_call", DeviceStatusEnforcement, 7, "initiating a nurse or emergency call or an alert to first responders (DSF/MMA Appendix B items 9–10)", "a pre-specified nurse call over a cellular network"},
	{"medication_reminder", DeviceStatusEnforcement, 7, "medication reminders (DSF/MMA Appendix B item 11; product code NXQ)", "user-configured reminders for improved medication adherence"},
	{"trend_display", DeviceStatusEnforcement, 7, "historical trending and comparison of vital signs (DSF/MMA Appendix B item 12)", "trending body temperature, heart rate, blood pressure or respiratory rate"},
	{"drug_interaction_report_patient", DeviceStatusEnforcement, 7, "patient-facing drug-drug interaction reports (DSF/MMA Appendix B item 18)", "a drug interaction and safety report from demographics, diagnosis and current medications"},
	{"simple_clinical_calculation", DeviceStatusEnforcement, 7, "simple calculations routinely used in clinical practice (DSF/MMA §V.B item 3)", "BMI, mean arterial pressure, APGAR or Glasgow Coma Scale calculators"},
	{"image_capture_for_hcp", DeviceStatusEnforcement, 7, "capturing images for patients to convey to their health care professionals (DSF/MMA §V.B item 2)", "photos of a skin lesion to supplement a consultation"},
	// DSF/MMA Appendix C: focus of oversight.
	{"measure_blood_glucose_with_attachment", DeviceStatusDevice, 7, "turns a mobile platform into a regulated device with an attachment: focus of regulatory oversight (DSF/MMA Appendix C)", "an attachment to the mobile platform to measure blood glucose levels (NBW, 21 CFR 862.1345)"},
	{"ecg_with_sensor", DeviceStatusDevice, 7, "a sensor or lead connected to a mobile platform to measure and display the ECG (DSF/MMA Appendix C)", "product codes DPS, MLC, OEY (21 CFR 870.2340)"},
	{"electronic_stethoscope", DeviceStatusDevice, 7, "a mobile platform used as an electronic stethoscope (DSF/MMA Appendix C)", "product code DQD (21 CFR 870.1875(b))"},
	{"control_connected_device", DeviceStatusDevice, 7, "controlling the operation, function or energy source of a connected device (DSF/MMA Appendix C)", "altering the settings of an infusion pump"},
	{"active_patient_monitoring", DeviceStatusDevice, 7, "active patient monitoring or analysis of patient-specific device data (DSF/MMA Appendix C)", "processing physiological signals from bedside monitors"},
	{"patient_specific_diagnosis_or_treatment", DeviceStatusDevice, 7, "patient-specific analysis giving a patient-specific diagnosis or treatment recommendation to patients or caregivers (DSF/MMA §V.A item 3)", "analysing blood glucose readings and alerting the user of readings outside a predetermined range"},
	{"skin_lesion_risk_assessment", DeviceStatusDevice, 7, "analysing an image of a skin lesion to assess its risk (DSF/MMA Appendix C)", "fractal analysis of a skin lesion image giving the user a risk assessment"},
}

// fdaFunctions indexes fdaFunctionTable by key; read-only after init.
var fdaFunctions = func() map[string]fdaFunction {
	m := make(map[string]fdaFunction, len(fdaFunctionTable))
	for _, fn := range fdaFunctionTable {
		m[fn.key] = fn
	}
	return m
}()

// functionValues lists the accepted values of the function fact.
func functionValues() []string {
	out := make([]string, len(fdaFunctionTable))
	for i, fn := range fdaFunctionTable {
		out[i] = fn.key
	}
	return out
}
