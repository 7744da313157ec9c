// The demo job descriptions: eight openings a talent team would really be filling, written out in
// full (about, responsibilities, requirements, nice-to-have, offer) so the JD Reader and the matching
// screens have real text to work with. Skills are spelled exactly as in lib/demo/resumes.ts, which
// is what makes some candidates match and others not.

export const families = [
  "backend",
  "frontend",
  "data",
  "devops",
  "design",
  "recruiting",
  "sales",
  "ml",
] as const;
export type Family = (typeof families)[number];

/** Neighbouring professions: their candidates share some skills and score in the middle bands. */
export const adjacentFamilies: Record<Family, readonly Family[]> = {
  backend: ["devops", "ml", "frontend"],
  frontend: ["backend", "design"],
  data: ["ml", "backend"],
  devops: ["backend"],
  design: ["frontend"],
  recruiting: ["sales"],
  sales: ["recruiting"],
  ml: ["data", "backend"],
};

export type Seniority = "junior" | "mid" | "senior" | "lead";

export type DemoJob = {
  family: Family;
  title: string;
  company: string;
  department: string;
  location: string;
  employmentType: string;
  seniority: Seniority;
  minYears: number;
  requiredSkills: string[];
  niceToHave: string[];
  education: string;
  about: string;
  role: string;
  responsibilities: string[];
  requirementLines: string[];
  niceToHaveLines: string[];
  offer: string[];
};

export const demoJobs: DemoJob[] = [
  {
    family: "backend",
    title: "Senior Backend Engineer (Payments)",
    company: "Bluefin Payments",
    department: "Engineering",
    location: "Austin, TX (hybrid, 2 days on site)",
    employmentType: "Full-time",
    seniority: "senior",
    minYears: 6,
    requiredSkills: ["Go", "PostgreSQL", "REST APIs", "Distributed systems", "Docker"],
    niceToHave: ["Kafka", "Kubernetes", "gRPC", "PCI DSS"],
    education: "BS in Computer Science or equivalent experience",
    about:
      "Bluefin Payments moves $4B a year for 18,000 independent merchants. Our ledger, payout and risk services are written in Go and run on PostgreSQL; we ship to production several times a day.",
    role: "You will own services on the money-movement path: authorisations, settlement and payouts. You will design for correctness first (idempotency, exactly-once ledger postings) and then for scale.",
    responsibilities: [
      "Design, build and operate Go services that process card and ACH transactions",
      "Model financial data in PostgreSQL with strict consistency and auditability",
      "Lead design reviews and write the RFCs that other teams build on",
      "Own on-call for your services (one week in six) and drive incident follow-ups",
      "Mentor two to three engineers through code review and pairing",
    ],
    requirementLines: [
      "6+ years building backend systems in production, 3+ of them in Go",
      "Deep PostgreSQL experience: schema design, query plans, transactions and locking",
      "Designed and versioned REST APIs consumed by external clients",
      "Experience with distributed systems: retries, idempotency, queues, partial failure",
      "Comfortable with Docker-based build and deploy pipelines",
    ],
    niceToHaveLines: [
      "Event streaming with Kafka",
      "Running services on Kubernetes",
      "gRPC between services",
      "Worked under PCI DSS or similar compliance regimes",
    ],
    offer: [
      "Base salary $175,000–$205,000 plus equity",
      "401(k) with 4% match",
      "Home-office budget of $1,500",
    ],
  },
  {
    family: "frontend",
    title: "Frontend Engineer (React)",
    company: "Helio Health",
    department: "Product Engineering",
    location: "Remote (US time zones)",
    employmentType: "Full-time",
    seniority: "mid",
    minYears: 3,
    requiredSkills: ["TypeScript", "React", "CSS", "Accessibility", "Testing"],
    niceToHave: ["Next.js", "GraphQL", "Design systems", "Playwright"],
    education: "Degree in a technical field or equivalent practical experience",
    about:
      "Helio Health builds the scheduling and telehealth platform used by 600 outpatient clinics. Patients book, check in and meet their clinician in our web app.",
    role: "Join the patient-experience squad to build the booking and check-in flows that 2 million patients use every month, on every kind of device and assistive technology.",
    responsibilities: [
      "Build accessible, responsive React components in TypeScript",
      "Work with design on the component library and its documentation",
      "Write unit and end-to-end tests for every feature you ship",
      "Measure and improve Core Web Vitals on the booking funnel",
      "Take part in planning, estimation and code review",
    ],
    requirementLines: [
      "3+ years of professional frontend development",
      "Strong TypeScript and React (hooks, state management, rendering performance)",
      "Solid modern CSS: layout, responsive design, theming",
      "Working knowledge of WCAG 2.1 AA accessibility",
      "Habitually writes tests (Jest, Testing Library or similar)",
    ],
    niceToHaveLines: [
      "Next.js App Router",
      "GraphQL clients",
      "Contributed to a design system",
      "End-to-end testing with Playwright",
    ],
    offer: [
      "Base salary $130,000–$155,000",
      "Fully remote with quarterly on-sites",
      "Health, dental and vision from day one",
    ],
  },
  {
    family: "data",
    title: "Data Analyst, Growth",
    company: "Meridian Retail Group",
    department: "Analytics",
    location: "Chicago, IL (hybrid)",
    employmentType: "Full-time",
    seniority: "mid",
    minYears: 2,
    requiredSkills: ["SQL", "Python", "Tableau", "Statistics", "A/B testing"],
    niceToHave: ["dbt", "Snowflake", "Looker", "Forecasting"],
    education: "Degree in statistics, economics, mathematics or a related field",
    about:
      "Meridian Retail Group runs 140 home-goods stores and a fast-growing online shop. The analytics team is twelve people and sits with marketing, merchandising and product.",
    role: "You will be the growth team's analyst: size opportunities, design and read experiments, and build the dashboards leadership uses every Monday.",
    responsibilities: [
      "Write production-quality SQL against our Snowflake warehouse",
      "Design A/B tests with product managers and report results with confidence intervals",
      "Build and maintain Tableau dashboards for acquisition and retention",
      "Turn ambiguous business questions into analyses with a clear recommendation",
      "Present findings to directors and the VP of Growth",
    ],
    requirementLines: [
      "2+ years in an analyst role",
      "Advanced SQL (window functions, CTEs, performance)",
      "Python for analysis (pandas, notebooks)",
      "Dashboarding in Tableau",
      "Sound statistics: hypothesis testing, power, regression",
    ],
    niceToHaveLines: ["dbt models", "Snowflake", "Looker", "Demand forecasting"],
    offer: [
      "Base salary $95,000–$115,000 plus 10% bonus",
      "Employee discount of 30%",
      "Learning budget of $2,000",
    ],
  },
  {
    family: "devops",
    title: "Site Reliability Engineer",
    company: "Granite Cloud",
    department: "Infrastructure",
    location: "Denver, CO or remote",
    employmentType: "Full-time",
    seniority: "senior",
    minYears: 5,
    requiredSkills: ["Kubernetes", "Terraform", "AWS", "Linux", "Observability"],
    niceToHave: ["Go", "Prometheus", "Incident management", "Helm"],
    education: "BS in Computer Science, Engineering or equivalent experience",
    about:
      "Granite Cloud hosts managed databases for 9,000 customers across three AWS regions. Reliability is the product: our SLO is 99.99%.",
    role: "As an SRE you will keep the fleet healthy and make it boring: automate toil away, harden our Kubernetes platform and lead incident response.",
    responsibilities: [
      "Operate and evolve our Kubernetes clusters (EKS) and the tooling around them",
      "Manage infrastructure as code with Terraform across three regions",
      "Define SLOs, alerts and dashboards with the service teams",
      "Lead incidents and write blameless post-mortems",
      "Cut cloud spend through right-sizing and capacity planning",
    ],
    requirementLines: [
      "5+ years in SRE, DevOps or infrastructure roles",
      "Production Kubernetes: upgrades, networking, autoscaling",
      "Terraform at scale: modules, state management, drift",
      "AWS (EC2, VPC, IAM, RDS, S3) in depth",
      "Strong Linux troubleshooting and observability practice (metrics, logs, traces)",
    ],
    niceToHaveLines: [
      "Writes Go tooling",
      "Prometheus and Grafana",
      "Runs incident management programmes",
      "Helm charts",
    ],
    offer: [
      "Base salary $165,000–$190,000 plus equity",
      "On-call compensated separately",
      "Annual conference budget",
    ],
  },
  {
    family: "design",
    title: "Senior Product Designer",
    company: "Vantage Media",
    department: "Design",
    location: "New York, NY (hybrid)",
    employmentType: "Full-time",
    seniority: "senior",
    minYears: 5,
    requiredSkills: ["Figma", "User research", "Prototyping", "Interaction design", "Design systems"],
    niceToHave: ["Accessibility", "Usability testing", "HTML/CSS", "Motion design"],
    education: "Degree in design, HCI or equivalent portfolio",
    about:
      "Vantage Media publishes six digital magazines with 30 million monthly readers. Our subscription product is where reading turns into a business.",
    role: "You will lead design for subscriptions and paywall experiences, from discovery research to shipped, measured interfaces.",
    responsibilities: [
      "Run discovery research with readers and subscribers",
      "Design end-to-end flows, from sketches to high-fidelity prototypes in Figma",
      "Evolve our design system with the frontend team",
      "Partner with product and data on experiments",
      "Raise the design bar through critique and mentoring",
    ],
    requirementLines: [
      "5+ years of product design for digital products",
      "Expert Figma, including components and variables",
      "Plans and runs user research independently",
      "Interactive prototyping to test ideas before building them",
      "Contributed to or maintained a design system",
    ],
    niceToHaveLines: [
      "Accessibility expertise",
      "Usability testing at scale",
      "Can prototype in HTML/CSS",
      "Motion design",
    ],
    offer: [
      "Base salary $150,000–$175,000",
      "Four weeks of vacation",
      "Subscription to everything we publish",
    ],
  },
  {
    family: "recruiting",
    title: "Technical Recruiter",
    company: "Acme Talent",
    department: "Talent Acquisition",
    location: "Remote (EMEA or US East)",
    employmentType: "Full-time",
    seniority: "mid",
    minYears: 3,
    requiredSkills: [
      "Technical sourcing",
      "Stakeholder management",
      "ATS",
      "Interviewing",
      "Offer negotiation",
    ],
    niceToHave: ["Boolean search", "Employer branding", "Recruiting analytics", "Greenhouse"],
    education: "Degree or equivalent experience",
    about:
      "Acme Talent runs embedded recruiting for fast-growing software companies. Our recruiters sit inside client teams and own hiring end to end.",
    role: "You will run full-cycle engineering searches for two or three clients at a time, from intake to signed offer.",
    responsibilities: [
      "Run intake meetings and agree on scorecards with hiring managers",
      "Source engineers through LinkedIn, GitHub, referrals and communities",
      "Screen candidates and coordinate structured interview loops",
      "Keep the ATS accurate and report pipeline health weekly",
      "Negotiate and close offers",
    ],
    requirementLines: [
      "3+ years of technical recruiting (agency or in-house)",
      "Proven sourcing of software engineers",
      "Manages senior stakeholders and pushes back with data",
      "Daily user of an ATS",
      "Structured interviewing and offer negotiation",
    ],
    niceToHaveLines: [
      "Advanced Boolean search",
      "Employer branding campaigns",
      "Recruiting analytics",
      "Greenhouse admin",
    ],
    offer: [
      "Base salary $85,000–$100,000 plus placement bonus",
      "Remote-first",
      "Paid certification courses",
    ],
  },
  {
    family: "sales",
    title: "Account Executive, Mid-Market",
    company: "Kestrel Analytics",
    department: "Sales",
    location: "Boston, MA (hybrid)",
    employmentType: "Full-time",
    seniority: "mid",
    minYears: 3,
    requiredSkills: ["B2B SaaS sales", "Salesforce", "Pipeline management", "Negotiation", "Discovery calls"],
    niceToHave: ["MEDDICC", "Outbound prospecting", "Analytics domain", "Gong"],
    education: "Bachelor's degree preferred",
    about:
      "Kestrel Analytics sells product-analytics software to 1,200 companies. We are growing the mid-market team from eight to fifteen account executives this year.",
    role: "You will own the full sales cycle for companies with 200 to 2,000 employees, with an annual quota of $900K in new ARR.",
    responsibilities: [
      "Run discovery, demos and business cases with VP-level buyers",
      "Build and forecast your pipeline accurately in Salesforce",
      "Negotiate commercial terms and close multi-stakeholder deals",
      "Work with solutions engineers on technical evaluations",
      "Share market feedback with product and marketing",
    ],
    requirementLines: [
      "3+ years closing B2B SaaS deals",
      "Consistent quota attainment (please share numbers)",
      "Disciplined pipeline management in Salesforce",
      "Confident negotiation with procurement and finance",
      "Excellent discovery calls",
    ],
    niceToHaveLines: [
      "MEDDICC qualification",
      "Outbound prospecting",
      "Sold analytics or data tools",
      "Uses Gong",
    ],
    offer: ["OTE $180,000 (50/50 split), uncapped", "Equity", "President's Club trip"],
  },
  {
    family: "ml",
    title: "Machine Learning Engineer, NLP",
    company: "Quarry Labs",
    department: "Applied AI",
    location: "San Francisco, CA or remote",
    employmentType: "Full-time",
    seniority: "senior",
    minYears: 4,
    requiredSkills: ["Python", "PyTorch", "NLP", "MLOps", "SQL"],
    niceToHave: ["LLM fine-tuning", "Vector databases", "Kubernetes", "Spark"],
    education: "MS or PhD in CS, ML or related field, or equivalent experience",
    about:
      "Quarry Labs builds document-understanding models for insurers and banks: 40 million pages a month go through our extraction pipeline.",
    role: "You will train, evaluate and ship NLP models that pull structured data out of messy documents, and own them in production.",
    responsibilities: [
      "Train and fine-tune transformer models in PyTorch",
      "Build evaluation sets and offline metrics that predict production quality",
      "Ship models behind low-latency inference services",
      "Own training and deployment pipelines (MLOps)",
      "Work with customers' data teams on error analysis",
    ],
    requirementLines: [
      "4+ years of applied machine learning",
      "Strong Python and PyTorch",
      "Hands-on NLP with transformer models",
      "MLOps: experiment tracking, model registry, CI for models",
      "SQL for data exploration",
    ],
    niceToHaveLines: ["Fine-tuned LLMs", "Vector databases", "Kubernetes", "Spark"],
    offer: ["Base salary $185,000–$220,000 plus equity", "GPU budget for side projects", "Remote-friendly"],
  },
];

/** The full text of a job description as a recruiter would paste it. */
export function jobDescriptionText(job: DemoJob): string {
  const bullets = (lines: readonly string[]) => lines.map((line) => `- ${line}`).join("\n");
  return [
    `${job.title} — ${job.company}`,
    `${job.location} · ${job.employmentType} · ${job.department}`,
    "",
    "About the company",
    job.about,
    "",
    "About the role",
    job.role,
    "",
    "What you will do",
    bullets(job.responsibilities),
    "",
    "Requirements",
    bullets(job.requirementLines),
    `- Education: ${job.education}`,
    "",
    "Nice to have",
    bullets(job.niceToHaveLines),
    "",
    "What we offer",
    bullets(job.offer),
    "",
    `Key skills: ${job.requiredSkills.join(", ")}`,
  ].join("\n");
}

/** What the JD Reader produces for a job (stored in job_descriptions.parsed and step outputs). */
export function parsedJob(job: DemoJob): Record<string, unknown> {
  return {
    title: job.title,
    required_skills: job.requiredSkills,
    nice_to_have_skills: job.niceToHave,
    min_years: job.minYears,
    seniority: job.seniority,
    education: job.education,
  };
}
