// Forty plain-text demo resumes, five per profession of lib/demo/jobs.ts, at three levels of fit
// (strong, partial, weak) so every match band shows up. Generated from a seeded PRNG: the same
// candidates, careers and skills on every machine. Names, e-mails (example.com) and phone numbers
// (555-01xx) are fictional.

import { type DemoJob, demoJobs, type Family, families } from "./jobs";
import type { Prng } from "./random";

export type Fit = "strong" | "partial" | "weak";

export type DemoResume = {
  candidateName: string;
  email: string;
  phone: string;
  city: string;
  family: Family;
  fit: Fit;
  title: string;
  yearsExperience: number;
  skills: string[];
  fileName: string;
  text: string;
};

const names: readonly [string, string][] = [
  ["Jordan", "Alvarez"],
  ["Priya", "Raman"],
  ["Marcus", "Oyelaran"],
  ["Hannah", "Kowalski"],
  ["Wei", "Zhang"],
  ["Sofia", "Marchetti"],
  ["Daniel", "Okafor"],
  ["Emily", "Chen"],
  ["Tomás", "Herrera"],
  ["Aisha", "Bello"],
  ["Lucas", "Schneider"],
  ["Mei", "Tanaka"],
  ["Samuel", "Adeyemi"],
  ["Grace", "O'Connor"],
  ["Arjun", "Mehta"],
  ["Olivia", "Novak"],
  ["Kwame", "Mensah"],
  ["Chloe", "Dubois"],
  ["Ethan", "Brooks"],
  ["Fatima", "Haddad"],
  ["Noah", "Lindqvist"],
  ["Isabel", "Ferreira"],
  ["Ryan", "Park"],
  ["Zara", "Ahmed"],
  ["Benjamin", "Weiss"],
  ["Leila", "Karimi"],
  ["Caleb", "Foster"],
  ["Ana", "Petrović"],
  ["Victor", "Nguyen"],
  ["Nadia", "Rossi"],
  ["Owen", "Gallagher"],
  ["Yuki", "Sato"],
  ["Diego", "Morales"],
  ["Elena", "Volkova"],
  ["Isaac", "Thompson"],
  ["Amara", "Eze"],
  ["Felix", "Bergmann"],
  ["Laura", "Jimenez"],
  ["Hugo", "Lambert"],
  ["Maya", "Goldberg"],
];

const cities = [
  "Austin, TX",
  "Chicago, IL",
  "Denver, CO",
  "Seattle, WA",
  "Boston, MA",
  "Atlanta, GA",
  "Toronto, ON",
  "New York, NY",
  "Portland, OR",
  "Raleigh, NC",
] as const;

const companies = [
  "Northwind Logistics",
  "Bluefin Payments",
  "Helio Health",
  "Quarry Labs",
  "Tallow & Finch",
  "Kestrel Analytics",
  "Meridian Retail Group",
  "Orbit Telecom",
  "Cobalt Insurance",
  "Lumen Energy",
  "Pinecrest Hospital",
  "Vantage Media",
  "Granite Cloud",
  "Sable Security",
  "Harbor Freight Lines",
  "Juniper Learning",
] as const;

type FamilyProfile = {
  ladder: [string, string, string, string];
  extraSkills: string[];
  achievements: string[];
  summary: (years: number, title: string) => string;
  degrees: string[];
};

const profiles: Record<Family, FamilyProfile> = {
  backend: {
    ladder: ["Junior Software Engineer", "Software Engineer", "Senior Backend Engineer", "Staff Engineer"],
    extraSkills: ["Python", "Java", "Redis", "AWS", "Linux", "SQL", "CI/CD"],
    achievements: [
      "Built an idempotent payout service handling 2M transfers a day with zero double payments",
      "Cut p99 latency of the orders API from 850 ms to 120 ms by reworking PostgreSQL indexes",
      "Led the migration of a Python monolith to Go services behind a versioned REST API",
      "Designed the outbox pattern used by eight teams to publish events reliably",
      "Introduced contract tests that removed a class of breaking API changes",
      "Mentored four engineers; two were promoted within a year",
      "Reduced cloud costs by 30% by consolidating background workers",
    ],
    summary: (y, t) =>
      `${t} with ${y} years of experience designing reliable backend services and APIs. Cares about correctness, observability and boring deployments.`,
    degrees: ["B.S. Computer Science", "B.Eng. Software Engineering", "B.S. Mathematics"],
  },
  frontend: {
    ladder: [
      "Junior Frontend Developer",
      "Frontend Engineer",
      "Senior Frontend Engineer",
      "Lead UI Engineer",
    ],
    extraSkills: ["JavaScript", "HTML", "Redux", "Webpack", "Storybook", "Jest"],
    achievements: [
      "Rebuilt the checkout in React and TypeScript, lifting conversion by 7%",
      "Brought the patient portal to WCAG 2.1 AA, verified with screen-reader users",
      "Created a component library adopted by five product teams",
      "Cut JavaScript bundle size by 45% with code splitting and route-level loading",
      "Added Playwright end-to-end tests to CI, catching regressions before release",
      "Improved Largest Contentful Paint from 4.1 s to 1.8 s on mobile",
    ],
    summary: (y, t) =>
      `${t} with ${y} years building fast, accessible web applications. Enjoys working closely with designers and sweating the details.`,
    degrees: [
      "B.S. Computer Science",
      "B.A. Interactive Media",
      "Bootcamp certificate, Full-Stack Web Development",
    ],
  },
  data: {
    ladder: ["Junior Data Analyst", "Data Analyst", "Senior Data Analyst", "Analytics Lead"],
    extraSkills: ["Excel", "R", "Power BI", "Google Analytics", "BigQuery"],
    achievements: [
      "Designed and analysed 40+ A/B tests on onboarding, adding $1.2M in annual revenue",
      "Built the executive KPI dashboard in Tableau used in every weekly business review",
      "Rewrote the retention model in SQL and Python, cutting refresh time from 3 hours to 12 minutes",
      "Created a customer segmentation that reshaped the email programme",
      "Trained 25 marketers to self-serve reports",
    ],
    summary: (y, t) =>
      `${t} with ${y} years turning messy data into decisions. Strong in SQL, experiment design and clear storytelling.`,
    degrees: ["B.S. Statistics", "B.A. Economics", "M.S. Business Analytics"],
  },
  devops: {
    ladder: ["Systems Administrator", "DevOps Engineer", "Senior Site Reliability Engineer", "Principal SRE"],
    extraSkills: ["Docker", "Python", "Bash", "GitHub Actions", "Ansible", "GCP"],
    achievements: [
      "Migrated 140 services to Kubernetes with no customer-facing downtime",
      "Codified three AWS regions in Terraform modules, ending configuration drift",
      "Defined SLOs and burn-rate alerts that halved pages per on-call week",
      "Led 30+ incidents as commander and ran the post-mortem programme",
      "Saved $400K a year through instance right-sizing and spot capacity",
    ],
    summary: (y, t) =>
      `${t} with ${y} years keeping production fast and available. Automates toil, writes runbooks and stays calm during incidents.`,
    degrees: ["B.S. Computer Engineering", "B.S. Information Systems", "A.A.S. Network Administration"],
  },
  design: {
    ladder: ["Junior UX Designer", "Product Designer", "Senior Product Designer", "Design Lead"],
    extraSkills: ["Sketch", "Miro", "Adobe Illustrator", "Information architecture", "Workshops"],
    achievements: [
      "Redesigned subscription sign-up, raising paid conversion by 18%",
      "Ran 60+ user interviews to reframe the product roadmap",
      "Built and documented a Figma design system with 120 components",
      "Prototyped and tested three onboarding concepts in two weeks",
      "Introduced accessibility reviews into the design process",
    ],
    summary: (y, t) =>
      `${t} with ${y} years designing digital products end to end, from research to pixel-perfect handoff.`,
    degrees: ["B.F.A. Graphic Design", "M.S. Human-Computer Interaction", "B.A. Psychology"],
  },
  recruiting: {
    ladder: ["Recruiting Coordinator", "Recruiter", "Senior Technical Recruiter", "Recruiting Lead"],
    extraSkills: ["LinkedIn Recruiter", "Lever", "Workday", "Diversity sourcing", "Candidate experience"],
    achievements: [
      "Hired 48 engineers in 12 months with a 92% offer-acceptance rate",
      "Built a sourcing playbook that cut time-to-hire from 52 to 31 days",
      "Ran structured-interview training for 60 hiring managers",
      "Launched a referral programme that became 35% of hires",
      "Built recruiting funnel dashboards for the leadership team",
    ],
    summary: (y, t) =>
      `${t} with ${y} years of full-cycle recruiting for technology teams. Trusted partner to hiring managers.`,
    degrees: ["B.A. Psychology", "B.A. Communications", "B.S. Human Resources Management"],
  },
  sales: {
    ladder: [
      "Sales Development Representative",
      "Account Executive",
      "Senior Account Executive",
      "Sales Team Lead",
    ],
    extraSkills: ["HubSpot", "Cold calling", "Demos", "Account planning", "Forecasting"],
    achievements: [
      "Closed $1.4M in new ARR in a year, 128% of quota",
      "Won the largest deal in company history ($310K ARR) against two incumbents",
      "Built an outbound sequence with a 14% reply rate",
      "Ranked top 3 of 22 account executives for four consecutive quarters",
      "Onboarded and coached six new SDRs",
    ],
    summary: (y, t) =>
      `${t} with ${y} years selling B2B software. Consultative, data-driven and consistent against quota.`,
    degrees: ["B.A. Business Administration", "B.A. Marketing", "B.A. Political Science"],
  },
  ml: {
    ladder: ["Data Scientist", "Machine Learning Engineer", "Senior ML Engineer", "Staff ML Engineer"],
    extraSkills: ["TensorFlow", "scikit-learn", "Hugging Face", "Docker", "Airflow"],
    achievements: [
      "Fine-tuned a transformer for invoice extraction, raising field accuracy from 81% to 94%",
      "Cut inference cost by 60% with distillation and batching",
      "Built the model registry and CI pipeline used for all production models",
      "Designed evaluation sets that predicted production quality within 1 point",
      "Published two papers on document understanding",
    ],
    summary: (y, t) =>
      `${t} with ${y} years taking machine-learning models from notebook to production, focused on NLP.`,
    degrees: ["M.S. Computer Science", "Ph.D. Machine Learning", "M.S. Statistics"],
  },
};

const universities = [
  "University of Texas at Austin",
  "University of Illinois Urbana-Champaign",
  "Georgia Institute of Technology",
  "University of Washington",
  "Northeastern University",
  "University of Toronto",
  "Ohio State University",
  "University of Michigan",
  "Arizona State University",
  "Rutgers University",
] as const;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

function monthLabel(monthIndex: number): string {
  // monthIndex counts months since year 0, so ranges subtract cleanly
  return `${MONTHS[monthIndex % 12]} ${Math.floor(monthIndex / 12)}`;
}

const fitShare: Record<Fit, { required: [number, number]; nice: [number, number]; years: [number, number] }> =
  {
    strong: { required: [0.8, 1], nice: [0.4, 1], years: [1, 1.8] },
    partial: { required: [0.5, 0.7], nice: [0, 0.5], years: [0.6, 1.1] },
    weak: { required: [0.15, 0.4], nice: [0, 0.25], years: [0.3, 0.7] },
  };

function pickShare(prng: Prng, items: readonly string[], [lo, hi]: [number, number]): string[] {
  const count = Math.round(items.length * prng.float(lo, hi));
  return prng.sample(items, count);
}

/** The 40 demo resumes; `now` anchors the career dates ("Present" is the month of `now`). */
export function demoResumes(prng: Prng, now: Date): DemoResume[] {
  const currentMonth = now.getUTCFullYear() * 12 + now.getUTCMonth();
  const fitsPerFamily: Fit[] = ["strong", "strong", "partial", "partial", "weak"];
  const fits = new Map(families.map((f) => [f, prng.shuffle(fitsPerFamily)]));
  return names.map(([first, last], index) => {
    const family = families[index % families.length]!;
    const job: DemoJob = demoJobs.find((j) => j.family === family)!;
    const profile = profiles[family];
    const fit = fits.get(family)![Math.floor(index / families.length)]!;
    const share = fitShare[fit];
    const years = Math.max(1, Math.round(job.minYears * prng.float(share.years[0], share.years[1])));
    const level = Math.min(3, Math.max(0, years >= 10 ? 3 : years >= 6 ? 2 : years >= 3 ? 1 : 0));
    const title = profile.ladder[level]!;
    const skills = [
      ...pickShare(prng, job.requiredSkills, share.required),
      ...pickShare(prng, job.niceToHave, share.nice),
      ...prng.sample(profile.extraSkills, prng.int(2, 4)),
    ].filter((skill, i, all) => all.indexOf(skill) === i);

    // Career: two to four jobs back to back, the latest ongoing, adding up to `years`.
    const jobCount = Math.min(4, Math.max(2, Math.ceil(years / 3)));
    const months = years * 12;
    const cuts = prng.sample(
      Array.from({ length: months - 1 }, (_, i) => i + 1),
      jobCount - 1,
    );
    const bounds = [0, ...cuts.sort((a, b) => a - b), months];
    const employers = prng.sample(companies, jobCount);
    const positions = Array.from({ length: jobCount }, (_, k) => {
      const startOffset = months - bounds[jobCount - k - 1]!; // months ago the k-th latest job started
      const endOffset = months - bounds[jobCount - k]!;
      const positionTitle = profile.ladder[Math.max(0, level - k)]!;
      const achievements = prng.sample(profile.achievements, k === 0 ? 3 : 2);
      const start = monthLabel(currentMonth - startOffset);
      const end = k === 0 ? "Present" : monthLabel(currentMonth - endOffset - 1);
      return [
        `${positionTitle} — ${employers[k]}`,
        `${start} – ${end}`,
        ...achievements.map((a) => `- ${a}`),
      ].join("\n");
    });

    const city = prng.pick(cities);
    const email = `${first}.${last}`
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^A-Za-z.]/g, "")
      .toLowerCase()
      .concat("@example.com");
    const phone = `+1 (${prng.int(201, 989)}) 555-01${String(index).padStart(2, "0")}`;
    const graduation = now.getUTCFullYear() - years - prng.int(0, 2);
    const degree = prng.pick(profile.degrees);
    const candidateName = `${first} ${last}`;
    const text = [
      candidateName.toUpperCase(),
      title,
      `${city} · ${email} · ${phone}`,
      "",
      "SUMMARY",
      profile.summary(years, title),
      "",
      "EXPERIENCE",
      positions.join("\n\n"),
      "",
      "EDUCATION",
      `${degree} — ${prng.pick(universities)}, ${graduation}`,
      "",
      "SKILLS",
      skills.join(", "),
      "",
    ].join("\n");
    const slug = candidateName
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z]+/g, "-");
    return {
      candidateName,
      email,
      phone,
      city,
      family,
      fit,
      title,
      yearsExperience: years,
      skills,
      fileName: `${slug}-resume.txt`,
      text,
    };
  });
}

/** What the Resume Reader produces for a resume (step outputs of historical runs). */
export function parsedResume(resume: DemoResume): Record<string, unknown> {
  return {
    name: resume.candidateName,
    email: resume.email,
    title: resume.title,
    years_experience: resume.yearsExperience,
    skills: resume.skills,
  };
}
